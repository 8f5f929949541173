// `npm run demo` (gateway mode) comes up far enough for a person: `scripts/demo.mjs --check` starts
// the real topology — here on the run's test cluster (--cluster-dir) — with a real OpenID provider,
// two gateway replicas behind one round-robin address and the desktop in browser mode; checks that
// /readyz answers on both replicas through that address (their audit lines show both were used),
// the provider answers through the printed CA bundle, and the desktop's link answers; then stops
// everything and exits 0 with no process of it left. The desktop's sign-in itself is the UI tests'.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import { TEST_ACCOUNTS } from '../support/oidc/accounts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cluster = inject('cluster');

/** Processes whose command line or environment names `dir` (what the demo started there). */
function processesMentioning(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    for (const file of ['cmdline', 'environ']) {
      let text: string;
      try {
        text = readFileSync(`/proc/${pid}/${file}`, 'latin1');
      } catch {
        continue; // gone meanwhile, or not ours to read
      }
      if (text.includes(dir)) {
        found.push(`${pid}: ${text.replaceAll('\0', ' ').slice(0, 200)}`);
        break;
      }
    }
  }
  return found;
}

function pemCertificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
    (c) => new X509Certificate(c),
  );
}

it(
  'npm run demo -- --check: the gateway topology comes up, answers through one address on both replicas, and stops leaving nothing',
  { timeout: 300_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-demo-test-'));
    const child = spawn(
      process.execPath,
      [join(ROOT, 'scripts', 'demo.mjs'), '--check', '--dir', dir, '--cluster-dir', cluster.dir, '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);

    // What a person is told: the app's link, one gateway URL, the CA file, the people and their passwords.
    const gatewayUrl = /^ {2}Gateway URL: +(https:\/\/127\.0\.0\.1:\d+) /m.exec(stdout)?.[1];
    const caFile = /^ {2}CA file \(--ca\): +(\S+) /m.exec(stdout)?.[1];
    expect(stdout).toMatch(/^ {2}Open the app: +http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m);
    expect(gatewayUrl).toBeDefined();
    expect(caFile).toBe(join(dir, 'ca-bundle.pem'));
    for (const account of TEST_ACCOUNTS)
      expect(stdout).toMatch(new RegExp(`^ {4}${account.login.replace(/\./g, '\\.')} +${account.password}\\b`, 'm'));
    expect(stdout).toContain(`npx gatehouse login --gateway ${gatewayUrl} --ca ${caFile} --device`);
    for (const line of [
      'readyz answers 200 on both replicas',
      'audit lines from gateway-a and gateway-b',
      'answers its discovery',
      "the desktop's link answers",
    ])
      expect(stdout).toContain(line);
    expect(stdout).toContain('check: all parts answer');

    // Both replicas' own audit (their stdout, kept in the demo's logs) shows a request each, through the one address.
    for (const replica of ['gateway-a', 'gateway-b']) {
      const lines = readFileSync(join(dir, 'logs', `${replica}.log`), 'utf8').split('\n');
      expect(lines[0]).toMatch(/^gateway listening https:\/\/127\.0\.0\.1:\d+$/);
      const audited = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(audited).toContainEqual(
        expect.objectContaining({ path: '/.well-known/gatehouse', status: 200, address: '127.0.0.1' }),
      );
    }

    // The desktop's sign-in screen is preset with that URL and file; the bundle holds the gateway's CA and the provider's.
    expect(JSON.parse(readFileSync(join(dir, 'home', 'settings.json'), 'utf8'))).toEqual({
      gatewayUrl,
      gatewayCaFile: caFile,
    });
    const cas = pemCertificates(readFileSync(caFile!, 'utf8'));
    expect(cas.map((c) => c.subject.split('\n').find((l) => l.startsWith('CN='))).sort()).toEqual([
      'CN=Gatehouse test OpenID provider CA',
      'CN=Gatehouse test gateway CA',
    ]);
    expect(cas.every((c) => c.ca)).toBe(true);
    // The gateways were configured with the demo org's admin.
    expect(readFileSync(join(dir, 'gateway', 'config.yaml'), 'utf8')).toMatch(/^admins:\n {2}- erin@example\.com$/m);

    // Nothing it started is left: no process names the demo directory (lifelines, gateways, desktop, provider).
    expect(processesMentioning(dir)).toEqual([]);
    // It holds the provider's signing keys and the gateway's TLS key: gone with the demo (kept above when a check failed).
    rmSync(dir, { recursive: true, force: true });
  },
);
