// One host per user holds the connections (issue 10 item 4), with real processes in front of the
// real cluster: `connect --foreground` serves the control socket, so `gatehouse status` and
// `disconnect` in another process talk to it and no second agent starts; a desktop or browser host
// started while an agent runs attaches to it — one set of listeners, in the agent — and takes over
// when the agent stops; `connect --foreground` next to a running host is refused, naming it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { ApiEvent, ResourceStatus } from '../../shared/api';
import { ControlClient } from '../../app/transports/control-client';
import { startHost, type Host } from '../../app/hosts/start-host';
import { appPaths } from '../../app/platform/paths';
import { connectForeground, demoOrgCopy, runGatehouse, spawnGatehouse } from '../support/gatehouse-cli';
import { waitForLine } from '../support/kubectl';
import { gatehouseProcesses, listeningPorts } from '../support/listening-ports';

const cluster = inject('cluster');
const ALICE = 'alice@example.com';

function freshHome(): { home: string; org: string } {
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-hosts-'));
  return { home, org: demoOrgCopy(cluster.dir, home) };
}

async function socketOwner(home: string): Promise<{ mode: string; pid: number }> {
  const client = await ControlClient.connect(join(home, 'agent.sock'));
  try {
    const info = await client.call('app.info', undefined);
    if (!info.ok) throw new Error(info.error.message);
    return { mode: info.value.mode, pid: info.value.pid };
  } finally {
    client.close();
  }
}

async function statusJson(home: string): Promise<ResourceStatus[]> {
  const r = await runGatehouse(['status', '--json'], home);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { resources: ResourceStatus[] }).resources;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

function nextEvent(host: Host, match: (e: ApiEvent) => boolean): Promise<ApiEvent> {
  return new Promise((resolve) => {
    const off = host.subscribe((e) => {
      if (!match(e)) return;
      off();
      resolve(e);
    });
  });
}

describe.skipIf(process.platform !== 'linux')('one host per user (reads /proc to count listeners)', () => {
  it('connect --foreground serves the control socket: status and disconnect elsewhere answer from it, no second agent', async () => {
    const { home, org } = freshHome();
    const fg = await connectForeground({ org, user: ALICE, resources: ['staging'], home });
    try {
      expect(await socketOwner(home)).toEqual({ mode: 'foreground', pid: fg.process.pid });
      const resources = await statusJson(home);
      expect(resources.find((r) => r.name === 'staging')).toMatchObject({ state: 'connected', port: fg.ports['staging'] });
      // The status came from the foreground process: nobody started an agent for it.
      expect(gatehouseProcesses(home, 'agent')).toEqual([]);
      expect(await socketOwner(home)).toEqual({ mode: 'foreground', pid: fg.process.pid });
      expect(listeningPorts(fg.process.pid!)).toContain(fg.ports['staging']);

      // A second connect --foreground is refused, naming the first.
      const second = await runGatehouse(['connect', 'staging', '--foreground', '--org', org, '--user', ALICE], home);
      expect(second.code).toBe(3);
      expect(second.stderr).toBe(
        `gatehouse connect: gatehouse connect --foreground (pid ${fg.process.pid}) already holds the connections for this user: connect through it with \`gatehouse connect staging\` (\`gatehouse status\` shows the ports), or stop it first\n`,
      );

      const off = await runGatehouse(['disconnect', 'staging'], home);
      expect(off.code, off.stderr).toBe(0);
      expect(await refusesConnections(fg.ports['staging']!)).toBe(true);
      expect((await statusJson(home)).find((r) => r.name === 'staging')?.state).toBe('disconnected');
      expect(gatehouseProcesses(home, 'agent')).toEqual([]);
    } finally {
      expect(await fg.stop()).toBe(0);
    }
  });

  it('a desktop host started while an agent runs attaches: one set of listeners, the agent’s state, and it takes over when the agent stops', async () => {
    const { home, org } = freshHome();
    const agent = spawnGatehouse(['agent', '--org', org, '--user', ALICE], home);
    const exited = new Promise<number | null>((resolve) => agent.on('exit', (code) => resolve(code)));
    let desktop: Host | null = null;
    try {
      await waitForLine(agent, /^agent ready /);
      const connect = await runGatehouse(['connect', '--all'], home);
      expect(connect.code, connect.stderr).toBe(0);
      const before = await statusJson(home);
      const ports = before.map((r) => r.port);
      expect(before.map((r) => [r.name, r.state])).toEqual([
        ['staging', 'connected'],
        ['prod', 'connected'],
      ]);

      desktop = await startHost({ paths: appPaths(home), mode: 'electron', whenAnotherRuns: 'attach' });
      expect(desktop.attachedTo).toEqual({ mode: 'agent', pid: agent.pid });
      expect(desktop.core).toBeNull();
      expect(await desktop.invoke('app.info', undefined)).toMatchObject({ ok: true, value: { mode: 'electron', pid: process.pid, attachedTo: { mode: 'agent', pid: agent.pid } } });
      // The agent's state, through the desktop host; the listeners are the agent's alone.
      const listed = await desktop.invoke('resources.list', undefined);
      expect(listed.ok && listed.value.resources.map((r) => r.port)).toEqual(ports);
      for (const port of ports) {
        expect(listeningPorts(agent.pid!)).toContain(port);
        expect(listeningPorts(process.pid)).not.toContain(port);
      }
      // What the desktop host does, the agent does.
      const off = await desktop.invoke('connections.disconnect', { names: ['prod'] });
      expect(off.ok).toBe(true);
      expect((await statusJson(home)).map((r) => [r.name, r.state])).toEqual([
        ['staging', 'connected'],
        ['prod', 'disconnected'],
      ]);
      expect(listeningPorts(agent.pid!)).not.toContain(ports[1]);

      // connect --foreground next to the agent: refused, naming it.
      const fg = await runGatehouse(['connect', 'staging', '--foreground', '--org', org, '--user', ALICE], home);
      expect(fg.code).toBe(3);
      expect(fg.stderr).toContain(`gatehouse connect: the background agent (pid ${agent.pid}) already holds the connections for this user`);

      // The agent stops: the desktop host takes over the socket and the remembered sign-in.
      const announced = nextEvent(desktop, (e) => e.type === 'session');
      agent.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await announced).toMatchObject({ session: { user: ALICE } });
      expect(desktop.attachedTo).toBeNull();
      expect(await socketOwner(home)).toEqual({ mode: 'electron', pid: process.pid });
      const after = await statusJson(home);
      expect(after.map((r) => [r.name, r.state])).toEqual([
        ['staging', 'disconnected'],
        ['prod', 'disconnected'],
      ]);
      // And it holds connections itself now, on the same ports.
      const again = await desktop.invoke('connections.connect', { names: ['staging'] });
      expect(again.ok && again.value.resources.find((r) => r.name === 'staging')).toMatchObject({ state: 'connected', port: ports[0] });
      expect(listeningPorts(process.pid)).toContain(ports[0]);
    } finally {
      await desktop?.stop();
      if (agent.exitCode === null) agent.kill('SIGTERM');
    }
  });

  it('browser mode started while an agent runs attaches too, and stopping it leaves the agent as it was', async () => {
    const { home, org } = freshHome();
    const agent = spawnGatehouse(['agent', '--org', org, '--user', ALICE], home);
    const exited = new Promise<number | null>((resolve) => agent.on('exit', (code) => resolve(code)));
    try {
      await waitForLine(agent, /^agent ready /);
      expect((await runGatehouse(['connect', 'staging'], home)).code).toBe(0);
      const rendererDir = mkdtempSync(join(tmpdir(), 'gatehouse-renderer-'));
      writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gatehouse</title>');
      const browser = await startHost({ paths: appPaths(home), mode: 'browser', whenAnotherRuns: 'attach', browser: { rendererDir, port: 0 } });
      expect(browser.attachedTo).toEqual({ mode: 'agent', pid: agent.pid });
      const browserPort = browser.browser?.port;
      expect(listeningPorts(process.pid)).toContain(browserPort);
      const staging = (await statusJson(home)).find((r) => r.name === 'staging');
      expect(listeningPorts(process.pid)).not.toContain(staging?.port);
      await browser.stop();
      expect(await socketOwner(home)).toEqual({ mode: 'agent', pid: agent.pid });
      expect((await statusJson(home)).find((r) => r.name === 'staging')).toMatchObject({ state: 'connected', port: staging?.port });
    } finally {
      agent.kill('SIGTERM');
      await exited;
    }
  });
});
