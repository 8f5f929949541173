// `node deploy/render-manifests.mjs`: renders the chart into the plain manifests,
// deploy/manifests/gatehouse-gateway.yaml, for installs without helm. A test checks that the committed
// file equals a fresh render, so the two never drift apart.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHelm } from './helm-cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const chartDir = join(here, 'helm', 'gatehouse-gateway');
export const manifestsFile = join(here, 'manifests', 'gatehouse-gateway.yaml');
export const manifestsValues = join(here, 'manifests', 'values.yaml');
export const manifestsNamespace = 'gatehouse';
// The oldest Kubernetes the plain manifests are for (the preStop sleep needs 1.30). Pinned, so the output
// does not change with the Kubernetes version a newer helm assumes.
const kubeVersion = '1.30.0';

const header = `# Gatehouse gateway: plain manifests, rendered from the chart deploy/helm/gatehouse-gateway with
# deploy/manifests/values.yaml by \`node deploy/render-manifests.mjs\`. Do not edit by hand: change the values
# and re-render. Before applying, create in namespace ${manifestsNamespace} the Secret gatehouse-gateway-tls
# (kubernetes.io/tls) and the ConfigMap gatehouse-org (the org file, key org.yaml).
# The namespace enforces the "restricted" Pod Security Standard, which the gateway meets.
apiVersion: v1
kind: Namespace
metadata:
  name: ${manifestsNamespace}
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/warn: restricted
`;

/** The plain manifests' text, freshly rendered. */
export async function renderManifests({ log } = {}) {
  const args = [
    'template',
    'gatehouse-gateway',
    chartDir,
    '--namespace',
    manifestsNamespace,
    '--kube-version',
    kubeVersion,
    '--values',
    manifestsValues,
  ];
  const result = await runHelm(args, { log });
  if (result.code !== 0) throw new Error(`helm template failed (exit ${result.code}): ${result.stderr.trim()}`);
  return header + result.stdout;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(manifestsFile, await renderManifests({ log: (line) => process.stderr.write(`${line}\n`) }));
  process.stdout.write(`${manifestsFile} rendered\n`);
}
