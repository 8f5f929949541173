// Builds deploy/tools/bin/helm from the Go module proxy (the `tool` in deploy/tools/go.mod), once per
// distinct module graph: a hash of go.mod, go.sum and this script is kept next to the binary, as
// e2e/cluster/build.mjs does for the test cluster. Go's build cache makes a rebuild fast.
// The tests lint and render the chart with it; nothing else on the machine needs helm installed.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const toolsDir = join(here, 'tools');
const binDir = join(toolsDir, 'bin');
export const helmBinary = join(binDir, 'helm');
const stampFile = join(binDir, 'helm.sources');
const helmPackage = 'helm.sh/helm/v3/cmd/helm';

function inputHash() {
  const hash = createHash('sha256');
  for (const file of [join(toolsDir, 'go.mod'), join(toolsDir, 'go.sum'), fileURLToPath(import.meta.url)]) {
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The version go.mod requires of `module`, e.g. "v3.22.0". */
function requiredVersion(goMod, module) {
  const escaped = module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const version = new RegExp(`^\\s*${escaped}\\s+(v\\S+)`, 'm').exec(goMod)?.[1];
  if (!version) throw new Error(`deploy/tools/go.mod: no requirement on ${module}`);
  return version;
}

/**
 * The link flags helm's own release build sets: its version, and the Kubernetes version `helm template`
 * and `helm lint` assume (client-go v0.N ⇒ Kubernetes 1.N, derived as helm's Makefile does; without
 * them helm would assume Kubernetes 1.20).
 */
function linkFlags() {
  const goMod = readFileSync(join(toolsDir, 'go.mod'), 'utf8');
  const helm = requiredVersion(goMod, 'helm.sh/helm/v3');
  const clientGo = /^v0\.(\d+)\./.exec(requiredVersion(goMod, 'k8s.io/client-go'));
  if (!clientGo) throw new Error('deploy/tools/go.mod: k8s.io/client-go is not a v0.N.x version');
  const kubeMinor = clientGo[1];
  return [
    '-s',
    '-w',
    `-X helm.sh/helm/v3/internal/version.version=${helm}`,
    '-X helm.sh/helm/v3/internal/version.metadata=',
    ...['pkg/lint/rules', 'pkg/chartutil'].flatMap((pkg) => [
      `-X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1`,
      `-X helm.sh/helm/v3/${pkg}.k8sVersionMinor=${kubeMinor}`,
    ]),
  ].join(' ');
}

/** `signal` stops an ongoing build (the caller is going away); the promise then rejects. */
export async function ensureHelmBinary({ log = () => {}, signal = undefined } = {}) {
  const hash = inputHash();
  if (existsSync(helmBinary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    return helmBinary;
  }
  mkdirSync(binDir, { recursive: true });
  log('building helm (from Go modules; the first build takes a few minutes)…');
  const tmp = `${helmBinary}.${process.pid}.tmp`;
  await new Promise((resolve, reject) => {
    const go = spawn('go', ['build', '-ldflags', linkFlags(), '-o', tmp, helmPackage], {
      cwd: toolsDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0' },
      signal,
    });
    go.on('error', (err) =>
      reject(
        signal?.aborted
          ? new Error('the helm build was stopped')
          : new Error(`cannot run go (is Go installed?): ${err.message}`),
      ),
    );
    go.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`go build ${helmPackage} failed with exit code ${code}`)),
    );
  });
  // Rename is atomic, so a concurrent user never runs a half-written binary.
  renameSync(tmp, helmBinary);
  writeFileSync(stampFile, hash);
  log('helm built');
  return helmBinary;
}

// `node deploy/build-helm.mjs` builds ahead of time (CI does, so no test waits for it).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureHelmBinary({ log: (line) => process.stderr.write(`${line}\n`) });
}
