// Records websocket exec/attach sessions (stdin, stdout, stderr with timings) as asciicast v2
// files, replayable in the activity view. Event codes: "i" stdin, "o" stdout, "r" resize, and "e"
// for stderr — an extension of ours, since asciicast has no stderr — and "m" (a marker) when output
// beyond the recording limit was left out.
import { randomBytes } from 'node:crypto';
import { mkdirSync, createWriteStream, type WriteStream } from 'node:fs';
import type http from 'node:http';
import { join } from 'node:path';
import type { ImpersonatedIdentity } from './identity';
import { requestInfo } from './request-info';
import { WebSocketMessageReader } from './ws-frames';

export interface SessionTap {
  fromClient(chunk: Buffer): void;
  fromServer(chunk: Buffer): void;
  end(): void;
}

export interface SessionRecorder {
  /** A tap for this upgraded connection, or undefined when it is not a recordable session. */
  start(req: http.IncomingMessage, res: http.IncomingMessage, identity: ImpersonatedIdentity | null, resource: string): SessionTap | undefined;
}

/**
 * Output recorded per session. Interactive sessions stay far below it; a bulk transfer (kubectl cp
 * is tar over exec stdout) would otherwise cost a JSON-escaped copy of every byte on disk and the
 * CPU to make it. Past the limit one marker event says so and output is no longer parsed.
 */
export const RECORDED_OUTPUT_LIMIT = 8 * 1024 * 1024;

/** Stream channel numbers of the *.channel.k8s.io protocols. */
const CHANNEL_EVENT: Record<number, string> = { 0: 'i', 1: 'o', 2: 'e', 4: 'r' };

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  timestamp: number;
  title: string;
  gatehouse: { resource: string; user: string; groups: string[]; namespace: string | null; pod: string | null; container: string | null; command: string[]; subresource: string };
}

export class AsciicastRecorder implements SessionRecorder {
  constructor(private readonly dir: string) {}

  start(req: http.IncomingMessage, res: http.IncomingMessage, identity: ImpersonatedIdentity | null, resource: string): SessionTap | undefined {
    const info = requestInfo(req.method ?? 'GET', req.url ?? '/');
    if (info.resource !== 'pods' || (info.subresource !== 'exec' && info.subresource !== 'attach')) return undefined;
    const protocol = String(res.headers['sec-websocket-protocol'] ?? '');
    if (!protocol.endsWith('channel.k8s.io')) return undefined; // SPDY sessions are not recorded
    const base64 = protocol.startsWith('base64.');
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;

    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const started = Date.now();
    const name = `${new Date(started).toISOString().replace(/[:.]/g, '-')}-${resource}-${info.namespace ?? ''}-${info.name ?? ''}-${randomBytes(3).toString('hex')}.cast`;
    const out: WriteStream = createWriteStream(join(this.dir, name), { mode: 0o600 });
    out.on('error', () => {});
    const header: CastHeader = {
      version: 2,
      width: 80,
      height: 24,
      timestamp: Math.floor(started / 1000),
      title: `${info.subresource} ${info.namespace}/${info.name}`,
      gatehouse: {
        resource,
        user: identity?.user ?? '',
        groups: [...(identity?.groups ?? [])],
        namespace: info.namespace,
        pod: info.name,
        container: query.get('container'),
        command: query.getAll('command'),
        subresource: info.subresource,
      },
    };
    out.write(`${JSON.stringify(header)}\n`);

    let output = 0;
    let outputCapped = false;
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      if (data.length === 0) return;
      let channel: number;
      let payload: Buffer;
      if (base64 && !isBinary) {
        channel = data[0]! - 0x30; // ASCII digit
        payload = Buffer.from(data.subarray(1).toString(), 'base64');
      } else {
        channel = data[0]!;
        payload = data.subarray(1);
      }
      const event = CHANNEL_EVENT[channel];
      if (!event || payload.length === 0) return;
      const at = (Date.now() - started) / 1000;
      if (event === 'o' || event === 'e') {
        if (outputCapped) return;
        output += payload.length;
        if (output > RECORDED_OUTPUT_LIMIT) {
          outputCapped = true;
          out.write(`${JSON.stringify([at, 'm', `gatehouse: output beyond ${RECORDED_OUTPUT_LIMIT / 1024 / 1024} MB was not recorded`])}\n`);
          return;
        }
      }
      out.write(`${JSON.stringify([at, event, payload.toString('utf8')])}\n`);
    };
    const client = new WebSocketMessageReader(true, onMessage);
    const server = new WebSocketMessageReader(false, onMessage);
    let ended = false;
    return {
      fromClient: (chunk) => client.push(chunk),
      fromServer: (chunk) => {
        if (!outputCapped) server.push(chunk);
      },
      end: () => {
        if (!ended) out.end();
        ended = true;
      },
    };
  }
}
