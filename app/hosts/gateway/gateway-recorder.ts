// Exec/attach recordings on the gateway (config `recordings: {dir}`): the desktop's asciicast
// recorder, told about the request as the cluster sees it — without the /k8s/<resource> prefix,
// which is how the recorder recognises pods/exec and pods/attach and names the file.
import type http from 'node:http';
import { DEFAULT_RETENTION } from '../../domain/audit/recording-retention';
import type { ImpersonatedIdentity } from '../../domain/proxy/identity';
import { parseRequestTarget } from '../../domain/proxy/request-target';
import { AsciicastRecorder, type SessionRecorder, type SessionTap } from '../../domain/proxy/session-recorder';
import { resourcePath } from './resource-path';

export class GatewayRecorder implements SessionRecorder {
  private readonly inner: AsciicastRecorder;

  constructor(dir: string) {
    this.inner = new AsciicastRecorder(dir, { retention: () => DEFAULT_RETENTION });
  }

  start(req: http.IncomingMessage, res: http.IncomingMessage, identity: ImpersonatedIdentity | null, resource: string): SessionTap | undefined {
    const parsed = parseRequestTarget(req.url);
    if (!parsed.ok) return undefined;
    const routed = resourcePath(parsed.target);
    if (routed.kind !== 'resource') return undefined;
    // The same request object with the cluster's view of the URL (the recorder reads method and url).
    const view: http.IncomingMessage = Object.create(req, { url: { value: routed.target.raw } }) as http.IncomingMessage;
    return this.inner.start(view, res, identity, resource);
  }
}
