// The proxy in-process in front of the bogus upstream, for the hostile-input suites (HTTP/1.1 raw
// bytes in server-hostile.test.ts, HTTP/2 frames in server-h2.test.ts): a loopback listener with a
// fixed local token and identity, whose records and faults the test reads.
import http from 'node:http';
import type { RequestRecord } from '../../../../shared/activity';
import { fixedIdentity, type IdentitySource } from '../identity';
import type { LocalTls } from '../local-tls';
import { LoopbackAdmission } from '../loopback-admission';
import type { ListenerLimits } from '../listener-limits';
import { ImpersonatingProxy } from '../server';
import type { SessionRecorder } from '../session-recorder';
import type { Upstream } from '../upstream';
import type { RawTarget } from './raw-client';

export const TEST_TOKEN = 'local-token-for-tests-0123456789abcdefghijklmno';

export interface TestProxyOptions {
  limits?: Partial<ListenerLimits>;
  localToken?: () => string;
  identity?: IdentitySource;
  recorder?: SessionRecorder;
  onRequest?: (r: RequestRecord) => void;
}

export interface StartedProxy {
  proxy: ImpersonatingProxy<LoopbackAdmission>;
  target: RawTarget;
  records: RequestRecord[];
  faults: string[];
}

/** A plain-HTTP upstream on one keep-alive socket, so a test sees every request on one connection. */
function upstreamAt(port: number): Upstream {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    server: new URL(`http://127.0.0.1:${port}`),
    target: async () => ({ agent, connection: { agent: false }, headers: { Authorization: 'Bearer LEASED' } }),
    close: () => agent.destroy(),
  };
}

/** Started proxies, for the suite's afterEach to close. */
export async function startTestProxy(tls: LocalTls, upstreamPort: number, started: Array<ImpersonatingProxy<LoopbackAdmission>>, opts: TestProxyOptions = {}): Promise<StartedProxy> {
  const records: RequestRecord[] = [];
  const faults: string[] = [];
  const proxy = new ImpersonatingProxy({
    admission: new LoopbackAdmission({
      resource: 'bogus',
      localToken: opts.localToken ?? (() => TEST_TOKEN),
      identity: opts.identity ?? fixedIdentity({ user: 'alice@example.com', groups: ['engineering', 'system:authenticated'] }),
      upstream: upstreamAt(upstreamPort),
    }),
    port: 0,
    tls,
    limits: opts.limits,
    recorder: opts.recorder,
    onFault: (m) => faults.push(m),
    onRequest: (r) => {
      records.push(r);
      opts.onRequest?.(r);
    },
  });
  started.push(proxy);
  const port = await proxy.listen();
  return { proxy, target: { port, caPem: tls.caPem }, records, faults };
}
