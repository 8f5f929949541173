// Builds e2e/cluster/bin/cluster from the Go sources, once per distinct source tree: a hash of the
// sources is kept next to the binary. Go's own build cache makes a rebuild after a small change fast.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const binDir = join(here, 'bin');
export const clusterBinary = join(binDir, 'cluster');
const stampFile = join(binDir, 'cluster.sources');

function sourceHash() {
  const hash = createHash('sha256');
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort();
  for (const f of files) {
    hash.update(f).update('\0').update(readFileSync(join(here, f))).update('\0');
  }
  return hash.digest('hex');
}

/** `signal` stops an ongoing build (the caller is going away); the promise then rejects. */
export async function ensureClusterBinary({ log = () => {}, signal = undefined } = {}) {
  const hash = sourceHash();
  if (existsSync(clusterBinary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    return clusterBinary;
  }
  mkdirSync(binDir, { recursive: true });
  log('building the test cluster (kube-apiserver from Go modules; the first build takes several minutes)…');
  const tmp = `${clusterBinary}.${process.pid}.tmp`;
  await new Promise((resolve, reject) => {
    const go = spawn('go', ['build', '-o', tmp, '.'], {
      cwd: here,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0' },
      signal,
    });
    go.on('error', (err) => reject(signal?.aborted ? new Error('the build was stopped') : new Error(`cannot run go (is Go installed?): ${err.message}`)));
    go.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go build failed with exit code ${code}`))));
  });
  // Rename is atomic, so a concurrent start never sees a half-written binary.
  renameSync(tmp, clusterBinary);
  writeFileSync(stampFile, hash);
  log('test cluster built');
  return clusterBinary;
}

// `node e2e/cluster/build.mjs` builds ahead of time (CI does, so the first test does not wait).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureClusterBinary({ log: (line) => process.stderr.write(`${line}\n`) });
}
