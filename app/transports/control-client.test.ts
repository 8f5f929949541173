// The control client reads agent lines through the shared server-message parser: a broken answer
// fails exactly its call, an event it cannot read is dropped without ending the connection, and
// only lines outside the protocol end it.
import { chmodSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import type { WireCall } from '../../shared/wire';
import { ControlClient } from './control-client';

const home = mkdtempSync(join(tmpdir(), 'gatehouse-control-client-'));
let servers: net.Server[] = [];
let count = 0;

/** A stand-in agent that answers each call line with whatever `answer` returns (lines, each newline-terminated). */
async function fakeAgent(answer: (call: WireCall) => string[]): Promise<string> {
  const path = join(home, `agent-${++count}.sock`);
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffered.slice(0, nl)) as WireCall | { kind: 'subscribe' };
        buffered = buffered.slice(nl + 1);
        if (message.kind === 'call') for (const line of answer(message)) socket.write(`${line}\n`);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  chmodSync(path, 0o600);
  return path;
}

afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

describe.skipIf(process.platform === 'win32')('ControlClient reading agent lines', () => {
  it('a malformed answer fails its own call with the field named; the next call is answered', async () => {
    const path = await fakeAgent((call) =>
      call.channel === 'app.info'
        ? [JSON.stringify({ kind: 'answer', id: call.id, result: { ok: false, error: { code: 'failed' } } })]
        : [JSON.stringify({ kind: 'answer', id: call.id, result: { ok: true, value: { orgFile: null } } })],
    );
    const client = await ControlClient.connect(path);
    expect(await client.call('app.info', undefined)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'the Gatehouse agent sent a malformed answer: result.error.message must be a string' },
    });
    expect(await client.call('org.demo', undefined)).toEqual({ ok: true, value: { orgFile: null } });
    client.close();
  });

  it('drops an event it cannot read (unknown type, wrong payload) and keeps delivering the good ones', async () => {
    const good: ApiEvent = { type: 'connection-lost', resource: 'dev', reason: 'EOF' };
    const path = await fakeAgent((call) => [
      JSON.stringify({ kind: 'event', event: { type: 'from-the-future', x: 1 } }),
      JSON.stringify({ kind: 'event', event: { type: 'resources', resources: 'all of them' } }),
      JSON.stringify({ kind: 'event', event: good }),
      JSON.stringify({ kind: 'answer', id: call.id, result: { ok: true, value: { orgFile: null } } }),
    ]);
    const client = await ControlClient.connect(path);
    const events: ApiEvent[] = [];
    client.onEvent((e) => events.push(e));
    expect(await client.call('org.demo', undefined)).toEqual({ ok: true, value: { orgFile: null } });
    expect(events).toEqual([good]);
    client.close();
  });

  it('a line outside the protocol ends the connection: every waiting call fails', async () => {
    const path = await fakeAgent(() => ['{"kind":"hello"}']);
    const client = await ControlClient.connect(path);
    expect(await client.call('app.info', undefined)).toMatchObject({ ok: false, error: { message: 'the Gatehouse agent closed the connection' } });
    client.close();
  });
});
