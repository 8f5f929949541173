// The host starter without a cluster: one host per user holds the core and the control socket; a
// second attaches (every call answered by the first, events from the first's subscription), a host
// whose job is to hold connections refuses next to it, and either may stop first: an attached host
// whose host went away takes over. The same over real processes and a real cluster:
// e2e/integration/hosts.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import { DEMO_ORG_YAML } from '../../shared/test-fixtures/demo-org';
import { ControlClient } from '../transports/control-client';
import { appPaths } from '../platform/paths';
import type { SecretBox } from '../services/gateway-session';
import { AnotherHostError, startHost, type Host } from './start-host';

const started: Host[] = [];
afterEach(async () => {
  for (const host of started.splice(0).reverse()) await host.stop();
});

function fixture(): { paths: ReturnType<typeof appPaths>; org: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-hosts-'));
  const org = join(dir, 'org.yaml');
  writeFileSync(org, DEMO_ORG_YAML);
  return { paths: appPaths(join(dir, 'home')), org };
}

async function start(options: Parameters<typeof startHost>[0]): Promise<Host> {
  const host = await startHost(options);
  started.push(host);
  return host;
}

/** What the control socket's server says it is (the one host that holds the connections). */
async function socketOwner(socket: string): Promise<unknown> {
  const client = await ControlClient.connect(socket);
  try {
    const info = await client.call('app.info', undefined);
    return info.ok ? { mode: info.value.mode, attachedTo: info.value.attachedTo } : info.error;
  } finally {
    client.close();
  }
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

describe.skipIf(process.platform === 'win32')('startHost', () => {
  it('a second host attaches: no core of its own, every answer and event from the first', async () => {
    const { paths, org } = fixture();
    const agent = await start({ paths, mode: 'agent', signIn: { orgFile: org, user: 'alice@example.com' }, whenAnotherRuns: 'refuse' });
    const app = await start({ paths, mode: 'electron', whenAnotherRuns: 'attach' });

    expect(agent.core).not.toBeNull();
    expect(app.core).toBeNull();
    expect(app.attachedTo).toEqual({ mode: 'agent', pid: process.pid });
    expect(await app.invoke('app.info', undefined)).toMatchObject({ ok: true, value: { mode: 'electron', attachedTo: { mode: 'agent', pid: process.pid } } });
    expect(await agent.invoke('app.info', undefined)).toMatchObject({ ok: true, value: { mode: 'agent' } });
    expect(await socketOwner(paths.socket)).toEqual({ mode: 'agent', attachedTo: undefined });

    // The first's state, through the second.
    const session = await app.invoke('session.get', undefined);
    expect(session.ok && session.value.user).toBe('alice@example.com');
    expect(await app.invoke('resources.list', undefined)).toEqual(await agent.invoke('resources.list', undefined));
    // Errors keep their kind and message across the attachment.
    const unknown = { names: ['no-such'] };
    const viaApp = await app.invoke('connections.connect', unknown);
    expect(viaApp.ok).toBe(false);
    expect(viaApp).toEqual(await agent.invoke('connections.connect', unknown));

    // A change made through the second lands in the first, and its event reaches the second.
    const event = nextEvent(app, (e) => e.type === 'settings');
    expect(await app.invoke('settings.update', { launchAtLogin: true })).toMatchObject({ ok: true });
    expect(agent.core?.settings.get().launchAtLogin).toBe(true);
    expect(await event).toMatchObject({ type: 'settings', settings: { launchAtLogin: true } });
  });

  it('a host that holds connections refuses next to a running one, naming it', async () => {
    const { paths, org } = fixture();
    const agent = await start({ paths, mode: 'agent', signIn: { orgFile: org, user: 'alice@example.com' }, whenAnotherRuns: 'refuse' });
    const refused = startHost({ paths, mode: 'foreground', signIn: { orgFile: org, user: 'alice@example.com' }, whenAnotherRuns: 'refuse' });
    await expect(refused).rejects.toBeInstanceOf(AnotherHostError);
    await expect(refused).rejects.toThrow(`another Gatehouse agent is already running for this user: the background agent (pid ${process.pid}) holds the connections (socket ${paths.socket})`);
    // The running one is untouched.
    expect(await socketOwner(paths.socket)).toEqual({ mode: 'agent', attachedTo: undefined });
    expect((await agent.invoke('session.get', undefined)).ok).toBe(true);
  });

  it('an explicit sign-in on an attaching host switches the running host’s session', async () => {
    const { paths, org } = fixture();
    const agent = await start({ paths, mode: 'agent', signIn: { orgFile: org, user: 'alice@example.com' }, whenAnotherRuns: 'refuse' });
    await start({ paths, mode: 'browser', signIn: { orgFile: org, user: 'bob@example.com' }, whenAnotherRuns: 'attach' });
    expect(agent.core?.sessionInfo().user).toBe('bob@example.com');
  });

  it('stopping order: the attached one leaves the host running; the host going makes the attached one take over', async () => {
    const { paths, org } = fixture();
    const agent = await startHost({ paths, mode: 'agent', signIn: { orgFile: org, user: 'alice@example.com' }, whenAnotherRuns: 'refuse' });
    const first = await startHost({ paths, mode: 'electron', whenAnotherRuns: 'attach' });
    await first.stop();
    expect(await socketOwner(paths.socket)).toEqual({ mode: 'agent', attachedTo: undefined });

    const ui = await start({ paths, mode: 'browser', whenAnotherRuns: 'attach' });
    expect(ui.attachedTo).toEqual({ mode: 'agent', pid: process.pid });
    const announced = nextEvent(ui, (e) => e.type === 'session');
    await agent.stop();
    // The remembered sign-in (the agent's) is restored by the host that took over.
    expect(await announced).toMatchObject({ type: 'session', session: { user: 'alice@example.com' } });
    expect(ui.attachedTo).toBeNull();
    expect(ui.core).not.toBeNull();
    const info = await ui.invoke('app.info', undefined);
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser' } });
    expect(info.ok && info.value.attachedTo).toBeUndefined();
    expect(await socketOwner(paths.socket)).toEqual({ mode: 'browser', attachedTo: undefined });

    await ui.stop();
    started.splice(0);
    await expect(ControlClient.connect(paths.socket)).rejects.toThrow();
  });

  it('the Electron shell’s secret box and browser opener go to its own core, also to the one it takes over with', async () => {
    const { paths, org } = fixture();
    const box: SecretBox = { storage: 'encrypted', seal: (text) => text, open: (sealed) => sealed };
    const openExternal = async (): Promise<boolean> => false;
    const own = await startHost({ paths, mode: 'electron', whenAnotherRuns: 'attach', secretBox: box, openExternal });
    expect(own.core?.options).toMatchObject({ mode: 'electron', secretBox: box, openExternal });
    await own.stop();

    const agent = await startHost({ paths, mode: 'agent', signIn: { orgFile: org, user: 'alice@example.com' }, whenAnotherRuns: 'refuse' });
    expect(agent.core?.options.secretBox).toBeUndefined();
    const app = await start({ paths, mode: 'electron', whenAnotherRuns: 'attach', secretBox: box, openExternal });
    expect(app.core).toBeNull();
    const announced = nextEvent(app, (e) => e.type === 'session');
    await agent.stop();
    await announced;
    expect(app.core?.options).toMatchObject({ mode: 'electron', secretBox: box, openExternal });
  });
});
