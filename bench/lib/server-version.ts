// The API server's version for the report. The test cluster is built from Go modules, so its
// /version says v0.0.0-master; the kubernetes module version in its go.mod is the real one.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const GO_MOD = fileURLToPath(new URL('../../e2e/cluster/go.mod', import.meta.url));

export function describeServerVersion(reported: string): string {
  if (!reported.startsWith('v0.0.0')) return reported;
  try {
    const built = readFileSync(GO_MOD, 'utf8').match(/^\s*k8s\.io\/kubernetes (v\S+)/m)?.[1];
    return built ? `${built} (k8s.io/kubernetes in e2e/cluster/go.mod; /version reports ${reported})` : reported;
  } catch {
    return reported;
  }
}
