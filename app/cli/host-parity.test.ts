// Every CLI command is an API client: with a host running it is answered over the control socket,
// without one by the same dispatch in this process. The same failure gives the same exit code and
// the same message both ways — and the host path really was the host (its handlers saw the call),
// without switching the host's session to the person the command names.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNELS, type ApiChannel } from '../../shared/api';
import { DEMO_ORG_YAML } from '../../shared/test-fixtures/demo-org';
import { serveControlSocket, type ControlServer } from '../transports/control-socket';
import type { HandlerTable } from '../api/handlers';
import { createGatehouseApp, type GatehouseApp } from '../api/create-app';
import { appPaths } from '../platform/paths';
import { EXIT, runCli } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-parity-'));
const org = join(dir, 'org.yaml');
const badOrg = join(dir, 'bad.yaml');
const hostHome = join(dir, 'host-app-data');
const aloneHome = join(dir, 'alone-app-data');
const home = join(dir, 'home');

let host: GatehouseApp;
let control: ControlServer;
/** Channels the host answered, in order. */
const hostCalls: ApiChannel[] = [];

beforeAll(async () => {
  writeFileSync(org, DEMO_ORG_YAML);
  writeFileSync(badOrg, DEMO_ORG_YAML.replace('roles: [Developers]', 'roles: [Developpers]'));
  for (const d of [hostHome, aloneHome, home]) mkdirSync(d, { recursive: true, mode: 0o700 });
  host = createGatehouseApp(appPaths(hostHome), { mode: 'agent' });
  await host.core.signIn(org, 'alice@example.com');
  const counted = Object.fromEntries(
    API_CHANNELS.map((channel) => [
      channel,
      (request: never) => {
        hostCalls.push(channel);
        return (host.handlers[channel] as (r: never) => Promise<unknown>)(request);
      },
    ]),
  ) as unknown as HandlerTable;
  control = await serveControlSocket(appPaths(hostHome).socket, counted, (l) => host.core.subscribe(l));
}, 30_000);

afterAll(async () => {
  await control?.close();
  await host?.core.close();
});

async function run(appData: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    { out: (t) => (out += t), err: (t) => (err += t) },
    { env: { GATEHOUSE_HOME: appData, HOME: home } },
  );
  return { code, out, err };
}

/** The command both ways; asserts the host path went through the host and the other did not. */
async function bothWays(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const before = hostCalls.length;
  const alone = await run(aloneHome, argv);
  expect(hostCalls.length, 'the in-process run must not reach the host').toBe(before);
  const viaHost = await run(hostHome, argv);
  expect(hostCalls.length, 'the host must answer').toBeGreaterThan(before);
  expect(viaHost).toEqual(alone);
  return viaHost;
}

describe('a CLI command gives the same answer through a running host and in-process', { timeout: 30_000 }, () => {
  it('whoami: an unknown user is a config error, exit 2', async () => {
    const r = await bothWays(['whoami', '--org', org, '--user', 'nobody@example.com']);
    expect([r.code, r.err]).toEqual([
      EXIT.usage,
      `gatehouse whoami: user nobody@example.com is not in the org file ${org}\n`,
    ]);
  });

  it('whoami: a bad org file is exit 2 naming file, path and line', async () => {
    const r = await bothWays(['whoami', '--org', badOrg, '--user', 'alice@example.com']);
    expect([r.code, r.err]).toEqual([
      EXIT.usage,
      `gatehouse whoami: org file ${badOrg}: users[1].roles[0] (line 10, col 13): role "Developpers" is not defined in roles\n`,
    ]);
  });

  it('whoami for another person answers for them and leaves the host signed in as it was', async () => {
    const r = await bothWays(['whoami', '--json', '--org', org, '--user', 'carol@example.com']);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toMatchObject({ email: 'carol@example.com' });
    expect(host.core.sessionInfo().user).toBe('alice@example.com');
  });

  it('doctor: an unknown resource is not-found, exit 2, before any cluster is asked', async () => {
    const r = await bothWays(['doctor', 'nope', '--org', org]);
    expect([r.code, r.err]).toEqual([
      EXIT.usage,
      `gatehouse doctor: unknown resource "nope" (the org has: staging, prod, payments) in ${org}\n`,
    ]);
  });

  it('rbac generate: an unknown resource is exit 2 too', async () => {
    const r = await bothWays(['rbac', 'generate', 'nope', '--org', org]);
    expect([r.code, r.err]).toEqual([
      EXIT.usage,
      `gatehouse rbac: unknown resource "nope" (the org has: staging, prod, payments) in ${org}\n`,
    ]);
  });

  it('k8s update-config: rotating tokens on a dry run is refused as a usage error (one rule, in the API)', async () => {
    const r = await bothWays([
      'k8s',
      'update-config',
      '--dry-run',
      '--rotate-tokens',
      '--org',
      org,
      '--user',
      'alice@example.com',
    ]);
    expect([r.code, r.err]).toEqual([
      EXIT.usage,
      'gatehouse k8s: kubeconfig.update: rotateTokens: cannot be combined with a dry run (rotating writes new tokens)\n',
    ]);
  });

  it('k8s update-config: foreign entries are refused, exit 3, the file untouched', async () => {
    const file = join(dir, 'foreign-kubeconfig');
    const foreign = 'apiVersion: v1\nkind: Config\ncontexts:\n- name: prod\n  context: {cluster: mine, user: me}\n';
    writeFileSync(file, foreign);
    const r = await bothWays([
      'k8s',
      'update-config',
      '--kubeconfig',
      file,
      '--org',
      org,
      '--user',
      'alice@example.com',
    ]);
    expect([r.code, r.err]).toEqual([
      EXIT.refused,
      `gatehouse k8s: ${file}: refusing to overwrite entries Gatehouse does not own: context "prod" (line 4); rename or remove them, or pass --force to replace them\n`,
    ]);
    expect(readFileSync(file, 'utf8')).toBe(foreign);
  });

  it('k8s update-config: invalid YAML in a relative --kubeconfig is exit 2 naming file, line and column', async () => {
    const file = join(dir, 'invalid-kubeconfig');
    writeFileSync(file, 'apiVersion: v1\nclusters: [\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await bothWays([
        'k8s',
        'update-config',
        '--kubeconfig',
        'invalid-kubeconfig',
        '--org',
        org,
        '--user',
        'alice@example.com',
      ]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.err).toMatch(new RegExp(`^gatehouse k8s: ${file}:\\d+:\\d+: invalid YAML: [^\\n]+\\n$`));
    } finally {
      process.chdir(cwd);
    }
  });

  it('k8s update-config --use-context sets current-context (dry run: shown, not written)', async () => {
    const file = join(dir, 'use-context-kubeconfig');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\ncurrent-context: mine\n');
    const r = await run(aloneHome, [
      'k8s',
      'update-config',
      '--dry-run',
      '--use-context',
      'staging',
      '--kubeconfig',
      file,
      '--org',
      org,
      '--user',
      'alice@example.com',
    ]);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain('-current-context: mine\n');
    expect(r.out).toContain('+current-context: staging\n');
    expect(readFileSync(file, 'utf8')).toBe('apiVersion: v1\nkind: Config\ncurrent-context: mine\n');
  });
});
