// The control socket: private to the user (0600), one agent per user, Results for every call.
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatehouseApp } from '../api/create-app';
import { appPaths } from '../platform/paths';
import { ControlClient } from './control-client';
import { AnotherAgentError, serveControlSocket, type ControlServer } from './control-socket';

const home = mkdtempSync(join(tmpdir(), 'gatehouse-socket-'));
const paths = appPaths(home);
const { core, handlers } = createGatehouseApp(paths, { mode: 'agent' });
let server: ControlServer;

beforeAll(async () => {
  server = await serveControlSocket(paths.socket, handlers, (l) => core.subscribe(l));
});
afterAll(() => server.close());

describe.skipIf(process.platform === 'win32')('control socket', () => {
  it('is a socket only its owner may use', () => {
    expect(statSync(paths.socket).isSocket()).toBe(true);
    expect(statSync(paths.socket).mode & 0o777).toBe(0o600);
  });

  it('answers calls with Results, errors included', async () => {
    const client = await ControlClient.connect(paths.socket);
    const info = await client.call('app.info', undefined);
    expect(info).toMatchObject({ ok: true, value: { mode: 'agent', pid: process.pid } });
    const refused = await client.call('connections.connect', { all: true });
    expect(refused).toEqual({ ok: false, error: { code: 'not-signed-in', message: 'not signed in: choose an org file and a user first' } });
    client.close();
  });

  it('answers garbage with a usage-error Result and keeps the connection', async () => {
    const socket = net.connect(paths.socket);
    const lines: string[] = [];
    socket.setEncoding('utf8');
    const two = new Promise<void>((resolve) =>
      socket.on('data', (c: string) => {
        lines.push(...c.split('\n').filter(Boolean));
        if (lines.length >= 2) resolve();
      }),
    );
    socket.write('not json\n{"kind":"call","id":1,"channel":"nope"}\n');
    await two;
    expect(JSON.parse(lines[0]!)).toMatchObject({ result: { ok: false, error: { code: 'usage', message: 'bad message: not JSON' } } });
    expect(JSON.parse(lines[1]!)).toMatchObject({ id: 1, result: { ok: false, error: { code: 'usage', message: 'unknown channel "nope"' } } });
    socket.destroy();
  });

  it('the client survives an agent that answers garbage: the call fails, nothing throws', async () => {
    const fakePath = join(home, 'fake-agent.sock');
    const fake = net.createServer((socket) => socket.on('data', () => socket.write('<html>not the agent</html>\n')));
    await new Promise<void>((resolve) => fake.listen(fakePath, resolve));
    chmodSync(fakePath, 0o600); // the client talks only to a socket private to this user
    const client = await ControlClient.connect(fakePath);
    expect(await client.call('app.info', undefined)).toEqual({ ok: false, error: { code: 'unavailable', message: 'the Gatehouse agent closed the connection' } });
    client.close();
    await new Promise((resolve) => fake.close(resolve));
  });

  it('refuses a second server for the same user', async () => {
    await expect(serveControlSocket(paths.socket, handlers, (l) => core.subscribe(l))).rejects.toBeInstanceOf(AnotherAgentError);
  });
});
