// The CLI talks to the agent only over an endpoint that is this user's. POSIX with real sockets
// (mode, owner, not a socket); Windows through the pure owner decision.
import { chmodSync, chownSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlClient } from './control-client';
import { pipeProblem, socketProblem, UntrustedEndpointError, verifyControlEndpoint } from './control-endpoint-owner';

const isRoot = process.getuid?.() === 0;
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listening(mode: number): Promise<string> {
  const socket = join(mkdtempSync(join(tmpdir(), 'gatehouse-owner-')), 'agent.sock');
  const server = net.createServer((c) => c.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  chmodSync(socket, mode);
  return socket;
}

describe.skipIf(process.platform === 'win32')('control endpoint owner, POSIX', () => {
  it("connects to the user's own 0600 socket", async () => {
    const socket = await listening(0o600);
    await expect(verifyControlEndpoint(socket)).resolves.toBeUndefined();
    const client = await ControlClient.connect(socket);
    client.close();
  });

  it('refuses a socket other users may use, without connecting', async () => {
    const socket = await listening(0o666);
    let connected = false;
    servers[0]?.on('connection', () => (connected = true));
    const failure = ControlClient.connect(socket);
    await expect(failure).rejects.toBeInstanceOf(UntrustedEndpointError);
    await expect(failure).rejects.toThrow(`${socket} can be used by other users (mode 0666); refusing to talk to it`);
    expect(connected).toBe(false);
  });

  it('refuses a socket owned by another user', async (ctx) => {
    if (!isRoot) {
      console.log('skipped: only root can give a socket to another uid here (the pure check below covers it)');
      ctx.skip();
    }
    const socket = await listening(0o600);
    chownSync(socket, 4242, 4242);
    await expect(ControlClient.connect(socket)).rejects.toThrow(`${socket} belongs to another user (uid 4242, you are 0); refusing to talk to it`);
  });

  it('refuses a file that is not a socket, and reports a missing one as missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-owner-'));
    writeFileSync(join(dir, 'agent.sock'), 'not a socket', { mode: 0o600 });
    await expect(ControlClient.connect(join(dir, 'agent.sock'))).rejects.toThrow('is not a socket; remove it');
    const missing = ControlClient.connect(join(dir, 'nothing.sock'));
    await expect(missing).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(missing).rejects.not.toBeInstanceOf(UntrustedEndpointError);
  });
});

describe('socketProblem and pipeProblem', () => {
  it('decide on facts alone', () => {
    expect(socketProblem('/s', { isSocket: true, uid: 501, mode: 0o140600 }, 501)).toBeUndefined();
    expect(socketProblem('/s', { isSocket: true, uid: 501, mode: 0o140700 }, 501)).toBeUndefined();
    expect(socketProblem('/s', { isSocket: true, uid: 502, mode: 0o140600 }, 501)).toBe('/s belongs to another user (uid 502, you are 501); refusing to talk to it');
    expect(socketProblem('/s', { isSocket: true, uid: 501, mode: 0o140660 }, 501)).toBe('/s can be used by other users (mode 0660); refusing to talk to it');
    expect(socketProblem('/s', { isSocket: false, uid: 501, mode: 0o100600 }, 501)).toMatch(/is not a socket/);
  });

  it('trusts a Windows pipe owned by the user only', () => {
    const pipe = '\\\\.\\pipe\\gatehouse-0123456789abcdef0123456789abcdef';
    const alice = 'S-1-5-21-1-2-3-1001';
    expect(pipeProblem(pipe, alice, alice)).toBeUndefined();
    expect(pipeProblem(pipe, 'S-1-5-21-1-2-3-1107', alice)).toBe(`${pipe} is owned by another account (S-1-5-21-1-2-3-1107, you are ${alice}); refusing to talk to it`);
  });
});
