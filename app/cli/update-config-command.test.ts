// `gatehouse k8s update-config` end to end through the CLI entry point (no cluster needed): output,
// exit codes of SPEC §7, and the kubeconfig it writes.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_YAML } from '../../shared/test-fixtures/demo-org';
import { EXIT, runCli } from './cli';
import { hasKubectl, kubectlContextNames } from '../domain/kubeconfig/testing/fixtures';

let org: string;
/** Shared by all sessions: the local CA is generated once (RSA key generation takes a moment). */
let appData: string;
beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-k8s-cli-'));
  org = path.join(dir, 'org.yaml');
  appData = path.join(dir, 'app-data');
  writeFileSync(org, DEMO_ORG_YAML);
});

interface Session {
  home: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh HOME, signed in as alice (assigned staging and prod). */
function session(): Session {
  const home = mkdtempSync(path.join(tmpdir(), 'gatehouse-home-'));
  return {
    home,
    env: { HOME: home, GATEHOUSE_HOME: appData, GATEHOUSE_ORG: org, GATEHOUSE_USER: 'alice@example.com' },
  };
}

async function run(s: Session, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['k8s', ...argv], { out: (t) => (out += t), err: (t) => (err += t) }, { env: s.env });
  return { code, out, err };
}

describe('gatehouse k8s update-config', { timeout: 30_000 }, () => {
  it('writes ~/.kube/config, then reports it up to date', async () => {
    const s = session();
    const file = path.join(s.home, '.kube', 'config');
    const first = await run(s, 'update-config');
    expect(first).toMatchObject({ code: EXIT.ok, err: '' });
    expect(first.out).toContain(`created ${file}\n`);
    expect(first.out).toContain('  added: staging, prod\n');
    expect(first.out).not.toContain('backup');
    if (hasKubectl) expect(kubectlContextNames(file)).toEqual(expect.arrayContaining(['staging', 'prod']));

    const second = await run(s, 'update-config');
    expect(second.code).toBe(EXIT.ok);
    expect(second.out).toBe(`${file} is up to date\n  unchanged: staging, prod\n`);
  });

  it('names the backup when it replaces an existing file, and follows KUBECONFIG', async () => {
    const s = session();
    const file = path.join(s.home, 'work.kubeconfig');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\n# mine\n');
    s.env.KUBECONFIG = [file, path.join(s.home, 'other')].join(path.delimiter);
    const result = await run(s, 'update-config');
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain(`updated ${file}\n`);
    expect(result.out).toContain(`backup of the previous version: ${file}.gatehouse.bak\n`);
    expect(readFileSync(`${file}.gatehouse.bak`, 'utf8')).toBe('apiVersion: v1\nkind: Config\n# mine\n');
  });

  it("uses the app's kubeconfig setting when --kubeconfig is not given", async () => {
    const s = session();
    const file = path.join(s.home, 'from-settings.yaml');
    const appData = path.join(s.home, 'own-app-data');
    mkdirSync(appData);
    writeFileSync(path.join(appData, 'settings.json'), JSON.stringify({ kubeconfigPath: file }));
    s.env.GATEHOUSE_HOME = appData;
    expect((await run(s, 'update-config')).out).toContain(`created ${file}\n`);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const s = session();
    const file = path.join(s.home, 'cfg');
    const result = await run(s, 'update-config', '--dry-run', '--kubeconfig', file);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out.startsWith(`--- /dev/null\n+++ ${file}\n@@ -0,0 +1,`)).toBe(true);
    expect(result.out).toContain('+- name: gatehouse-staging\n');
    expect(result.out).toContain(`dry run: nothing written to ${file}\n`);
    expect(existsSync(file)).toBe(false);
  });

  it('makes a 0644 kubeconfig and its backup 0600 and says so; a dry run says it would', async () => {
    const s = session();
    const file = path.join(s.home, 'cfg');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\n');
    chmodSync(file, 0o644);
    const dry = await run(s, 'update-config', '--dry-run', '--kubeconfig', file);
    expect(dry.out).toContain(`would tighten ${file} from 0644 to 0600: it holds Gatehouse tokens\n`);
    expect(statSync(file).mode & 0o777).toBe(0o644);

    const result = await run(s, 'update-config', '--kubeconfig', file);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain(`updated ${file}\ntightened ${file} from 0644 to 0600: it holds Gatehouse tokens\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.gatehouse.bak`).mode & 0o777).toBe(0o600);
    expect((await run(s, 'update-config', '--kubeconfig', file)).out).not.toContain('tighten');
  });

  it('--dry-run prints no token, whatever style the file is written in', async () => {
    const s = session();
    const file = path.join(s.home, 'cfg.json');
    const mine =
      '{"apiVersion": "v1", "kind": "Config", "users": [{"name": "me", "user": {"token": "my-own-secret-token"}}], "contexts": []}\n';
    writeFileSync(file, mine);
    const dry = await run(s, 'update-config', '--dry-run', '--kubeconfig', file);
    expect(dry.code).toBe(EXIT.ok);
    await run(s, 'update-config', '--kubeconfig', file);
    // The local tokens are kept in app data, so the dry run showed (hid) the same ones.
    const written = parse(readFileSync(file, 'utf8')) as { users: Array<{ name: string; user: { token: string } }> };
    const tokens = written.users.map((u) => u.user.token);
    expect(tokens).toHaveLength(3);
    expect(dry.out).toContain('gatehouse-staging');
    expect(dry.out).toContain('<hidden>');
    for (const token of tokens) expect(dry.out).not.toContain(token);
    expect(dry.out).toContain('"name": "me"'); // the person's own entry is on a changed line…
    expect(dry.out).not.toContain('my-own-secret-token'); // …and its token is hidden too
  });

  it('refuses foreign entries with exit 3 unless --force', async () => {
    const s = session();
    const file = path.join(s.home, 'cfg');
    const foreign = 'apiVersion: v1\nkind: Config\ncontexts:\n- name: prod\n  context: {cluster: mine, user: me}\n';
    writeFileSync(file, foreign);
    const refused = await run(s, 'update-config', '--kubeconfig', file);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.err).toBe(
      `gatehouse k8s: ${file}: refusing to overwrite entries Gatehouse does not own: context "prod" (line 4); rename or remove them, or pass --force to replace them\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(foreign);
    const forced = await run(s, 'update-config', '--kubeconfig', file, '--force');
    expect(forced.code).toBe(EXIT.ok);
    expect(forced.out).toContain('  updated: prod\n');
  });

  it('exits 2 for invalid YAML, naming file, line and column', async () => {
    const s = session();
    const file = path.join(s.home, 'cfg');
    writeFileSync(file, 'apiVersion: v1\nclusters: [\n');
    const result = await run(s, 'update-config', '--kubeconfig', file);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toMatch(new RegExp(`^gatehouse k8s: ${file}:\\d+:\\d+: invalid YAML: [^\\n]+\\n$`));
  });

  it('exits 1 when the file cannot be written', async () => {
    const s = session();
    const file = path.join(s.home, 'cfg');
    writeFileSync(file, 'apiVersion: v1\n');
    chmodSync(file, 0o444);
    const result = await run(s, 'update-config', '--kubeconfig', file);
    expect(result.code).toBe(EXIT.failure);
    expect(result.err).toBe(
      `gatehouse k8s: ${file}: is read-only (mode 0444); make it writable to let Gatehouse update it\n`,
    );
  });

  it('exits 2 without the update-config subcommand', async () => {
    const s = session();
    mkdirSync(path.join(s.home, '.kube'));
    expect((await run(s)).code).toBe(EXIT.usage);
    const extra = await run(s, 'update-config', 'now');
    expect(extra.code).toBe(EXIT.usage);
    expect(extra.err).toContain('usage: gatehouse k8s update-config');
  });
});
