// whoami and roles preview on the demo org: the stable JSON interface of SPEC §7 and the exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_YAML } from '../../../shared/test-fixtures/demo-org';
import { EXIT, runCli } from '../cli';

let org: string;
let badOrg: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  org = join(dir, 'org.yaml');
  writeFileSync(org, DEMO_ORG_YAML);
  badOrg = join(dir, 'bad.yaml');
  writeFileSync(badOrg, DEMO_ORG_YAML.replace('roles: [Developers]', 'roles: [Developpers]'));
});

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    { out: (t) => (out += t), err: (t) => (err += t) },
    { env: { GATEHOUSE_HOME: mkdtempSync(join(tmpdir(), 'gh-')), ...env } },
  );
  return { code, out, err };
}

describe('gatehouse whoami', () => {
  it('--json gives email, roles, sent groups, warnings and resources', async () => {
    const r = await run(['whoami', '--json', '--org', org, '--user', 'alice@example.com']);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toMatchObject({
      email: 'alice@example.com',
      roles: ['Engineering', 'SRE On-Call'],
      groups: ['engineering', 'sre-on-call', 'system:authenticated'],
      warnings: [],
      resources: ['staging', 'prod'],
    });
  });

  it('warns about a reserved role and never sends it', async () => {
    const r = await run(['whoami', '--json', '--org', org, '--user', 'dave@example.com']);
    const whoami = JSON.parse(r.out) as {
      groups: string[];
      warnings: { role: string; group: string; problem: string }[];
    };
    expect(whoami.groups).toEqual(['system:authenticated']);
    expect(whoami.warnings).toEqual([
      { role: 'System:Masters', group: 'system:masters', problem: expect.stringContaining('reserves') },
    ]);
  });

  it('takes the org and user from GATEHOUSE_ORG / GATEHOUSE_USER', async () => {
    const r = await run(['whoami'], { GATEHOUSE_ORG: org, GATEHOUSE_USER: 'erin@example.com' });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('groups:    platform-team (role Platform Team), system:authenticated (always)');
    expect(r.out).toContain('warning:   role "Platform Team" → platform-team');
  });

  it('exits 2 naming file, path and line for a bad org file', async () => {
    const r = await run(['whoami', '--org', badOrg, '--user', 'alice@example.com']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err.split('\n')[0]).toBe(
      `gatehouse whoami: org file ${badOrg}: users[1].roles[0] (line 10, col 13): role "Developpers" is not defined in roles`,
    );
  });

  it('exits 2 for an unknown user or a missing user', async () => {
    expect((await run(['whoami', '--org', org, '--user', 'nobody@example.com'])).err).toContain(
      'user nobody@example.com is not in the org file',
    );
    expect((await run(['whoami', '--org', org])).code).toBe(EXIT.usage);
  });
});

describe('gatehouse roles preview', () => {
  it('--json shows the demo’s collision and reserved name, and nothing else wrong', async () => {
    const r = await run(['roles', 'preview', '--json', '--org', org]);
    expect(r.code).toBe(EXIT.ok);
    const { roles } = JSON.parse(r.out) as {
      roles: { role: string; group: string | null; status: string; collidesWith: string[]; users: string[] }[];
    };
    const problems = roles.filter((x) => x.status !== 'ok').map((x) => [x.role, x.group, x.status, x.collidesWith]);
    expect(problems).toEqual([
      ['System:Masters', 'system:masters', 'invalid', []],
      ['Platform Team', 'platform-team', 'collision', ['Platform-Team']],
      ['Platform-Team', 'platform-team', 'collision', ['Platform Team']],
    ]);
    expect(roles.find((x) => x.role === 'Data.Science')).toMatchObject({
      group: 'datascience',
      status: 'ok',
      users: ['carol@example.com'],
    });
  });

  it('exits 2 on an unknown subcommand', async () => {
    expect((await run(['roles', 'list', '--org', org])).code).toBe(EXIT.usage);
  });
});

describe('gatehouse connect', () => {
  it('exits 2 for an unknown resource and 3 for one not assigned', async () => {
    const unknown = await run(['connect', 'nope', '--foreground', '--org', org, '--user', 'alice@example.com']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toContain('unknown resource "nope"');
    const notAssigned = await run(['connect', 'prod', '--foreground', '--org', org, '--user', 'bob@example.com']);
    expect(notAssigned.code).toBe(EXIT.refused);
    expect(notAssigned.err).toContain('resource "prod" is not assigned to bob@example.com');
  });

  it('rejects unknown options with exit 2', async () => {
    const r = await run(['connect', '--frobnicate']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("Unknown option '--frobnicate'");
  });
});
