// The test OpenID provider as a program: `npx tsx e2e/support/oidc/main.ts --dir DIR [--port N]
// [--id-token-ttl S] [--access-token-ttl S] [--refresh-token-ttl S] [--stop-on-stdin-eof]`.
// Writes DIR/ca.pem, DIR/signing-keys.json (0600) and DIR/provider.json, logs its grants to
// DIR/events.jsonl (events.ts: refreshes counted by tests, no token in it), then prints
//   issuer https://127.0.0.1:<port>
//   ca DIR/ca.pem
//   ready
// and serves until SIGTERM/SIGINT (or stdin closes, with --stop-on-stdin-eof).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EVENTS_FILE } from './events';
import { INFO_FILE, type OidcProviderInfo } from './info';
import type { Lifetimes } from './provider';

// Two warnings oidc-provider prints that do not apply here, dropped so real ones stay visible:
// - it warns on any Node release line older than 22 ("Jod"), yet declares no `engines` limit, and
//   the Node 20.20 we run has every API it calls (URL.parse, crypto.hash), which the integration
//   tests exercise end to end;
// - its in-memory store "loses all data on restart": exactly what a test provider wants.
const EXPECTED_WARNINGS = [
  'oidc-provider WARNING: Unsupported runtime',
  'oidc-provider WARNING: a quick start development-only in-memory adapter',
];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const first = args[0];
  if (typeof first === 'string' && EXPECTED_WARNINGS.some((w) => first.startsWith(w))) return;
  warn(...args);
};
const {
  startTestProvider,
  CLIENT_ID,
  ES256_CLIENT_ID,
  SHORT_LIVED_CLIENT_ID,
  SHORT_LIFETIME_SECONDS,
  REDIRECT_URI,
  SCOPES,
} = await import('./provider');

function seconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name}: expected a whole number of seconds ≥ 1, got ${JSON.stringify(value)}`);
  return n;
}

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '0' },
    'id-token-ttl': { type: 'string' },
    'access-token-ttl': { type: 'string' },
    'refresh-token-ttl': { type: 'string' },
    'generated-accounts': { type: 'string', default: '0' },
    'stop-on-stdin-eof': { type: 'boolean', default: false },
  },
});
if (!values.dir) {
  process.stderr.write(
    'usage: main.ts --dir DIR [--port N] [--id-token-ttl S] [--access-token-ttl S] [--refresh-token-ttl S] [--generated-accounts N] [--stop-on-stdin-eof]\n',
  );
  process.exit(2);
}
const dir = resolve(values.dir);
mkdirSync(dir, { recursive: true });
const lifetimes: Partial<Lifetimes> = {};
const idToken = seconds('id-token-ttl', values['id-token-ttl']);
const accessToken = seconds('access-token-ttl', values['access-token-ttl']);
const refreshToken = seconds('refresh-token-ttl', values['refresh-token-ttl']);
if (idToken) lifetimes.idToken = idToken;
if (accessToken) lifetimes.accessToken = accessToken;
if (refreshToken) lifetimes.refreshToken = refreshToken;
const generated = Number(values['generated-accounts']);
if (!Number.isInteger(generated) || generated < 0 || generated > 100_000)
  throw new Error(
    `--generated-accounts: expected a whole number 0…100000, got ${JSON.stringify(values['generated-accounts'])}`,
  );

// The grant event log (events.ts) starts empty with each provider: counts are of this one's grants.
const eventLog = join(dir, EVENTS_FILE);
rmSync(eventLog, { force: true });
const running = await startTestProvider({
  port: Number(values.port),
  lifetimes,
  generatedAccounts: generated,
  eventLog,
});
const info: OidcProviderInfo = {
  dir,
  issuer: running.issuer,
  caFile: join(dir, 'ca.pem'),
  signingKeysFile: join(dir, 'signing-keys.json'),
  clientId: CLIENT_ID,
  es256ClientId: ES256_CLIENT_ID,
  shortLivedClientId: SHORT_LIVED_CLIENT_ID,
  shortLifetimeSeconds: SHORT_LIFETIME_SECONDS,
  redirectUri: REDIRECT_URI,
  scopes: [...SCOPES],
  lifetimes: running.lifetimes,
  generatedAccounts: generated,
};
writeFileSync(info.caFile, running.caPem);
writeFileSync(info.signingKeysFile, `${JSON.stringify(running.signingKeys, null, 2)}\n`, { mode: 0o600 });
writeFileSync(join(dir, INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  rmSync(join(dir, INFO_FILE), { force: true });
  await running.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
if (values['stop-on-stdin-eof']) {
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}
process.stdout.write(`issuer ${info.issuer}\nca ${info.caFile}\nready\n`);
