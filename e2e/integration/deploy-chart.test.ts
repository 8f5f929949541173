// The gateway's deployment (issue 11 item 7): the Helm chart lints, renders, and the real test
// cluster's API server accepts what it renders (server-side dry run, strict field validation, the
// "restricted" Pod Security Standard); the rendered objects say what the chart promises; the impersonator
// role is exactly the one `gatehouse rbac generate` writes; the plain manifests are a fresh render;
// the image build file keeps its properties. helm is built from Go modules once (cached, like the
// test cluster; .ci/run builds it ahead), never per test.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { impersonationTargets } from '../../app/domain/admin/impersonation-targets';
import { impersonatorObjects } from '../../app/domain/admin/rbac/impersonator-objects';
import { ensureHelmBinary } from '../../deploy/build-helm.mjs';
import { runHelm } from '../../deploy/helm-cli.mjs';
import { chartDir, manifestsFile, renderManifests } from '../../deploy/render-manifests.mjs';
import { parseOrg } from '../../shared/org';
import { kubectl } from '../support/kubectl';

const cluster = inject('cluster');
const minimalValues = join(chartDir, 'ci', 'minimal-values.yaml');
const allValues = join(chartDir, 'ci', 'all-values.yaml');
const dockerfile = join(chartDir, '..', '..', 'Dockerfile');
const CONFIG_PATH = '/etc/gatehouse/config.yaml';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}
interface Probe {
  httpGet: { path: string; port: string; scheme: string };
}
interface Container {
  name: string;
  image: string;
  args: string[];
  ports: Array<{ name: string; containerPort: number }>;
  securityContext: Record<string, unknown>;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
  volumeMounts: Array<{ name: string; mountPath: string; subPath?: string; readOnly?: boolean }>;
}
interface Volume {
  name: string;
  configMap?: { name: string };
  secret?: { secretName: string; defaultMode?: number };
  emptyDir?: Record<string, unknown>;
}
interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: Volume[];
  affinity?: { podAntiAffinity?: unknown };
  topologySpreadConstraints?: Array<{ topologyKey: string; labelSelector: unknown }>;
}
interface Deployment extends K8sObject {
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { spec: PodSpec } };
}
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

async function template(release: string, namespace: string, extra: string[]): Promise<string> {
  const r = await runHelm(['template', release, chartDir, '--namespace', namespace, ...extra]);
  if (r.code !== 0) throw new Error(`helm template ${extra.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** The rendered objects, read as the API server's YAML reader reads them (YAML 1.1: 0440 is octal). */
function objects(rendered: string): K8sObject[] {
  return parseAllDocuments(rendered, { version: '1.1' })
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

function one<T extends K8sObject>(all: K8sObject[], kind: string, name?: string): T {
  const found = all.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as T;
}

function gatewayContainer(deployment: Deployment): Container {
  const container = deployment.spec.template.spec.containers.find((c) => c.name === 'gateway');
  if (!container) throw new Error('no gateway container');
  return container;
}

function renderedConfig(all: K8sObject[], name: string): unknown {
  const configMap = one<K8sObject & { data: Record<string, string> }>(all, 'ConfigMap', name);
  return parse(configMap.data['config.yaml'] ?? '');
}

beforeAll(async () => {
  // Normally a no-op: .ci/run builds helm before `npm test`. On a fresh clone the first build is here.
  await ensureHelmBinary({ log: (line) => process.stderr.write(`${line}\n`) });
}, 900_000);

describe('helm lint', () => {
  it.each([
    ['the chart defaults', []],
    ['ci/minimal-values.yaml', ['--values', minimalValues]],
    ['ci/all-values.yaml', ['--values', allValues]],
  ])('passes with --strict for %s', async (_label, values) => {
    const r = await runHelm(['lint', '--strict', chartDir, ...values]);
    expect(r.stderr).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(r.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(r.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(r.code).toBe(0);
  });
});

describe('helm template refuses incomplete or contradictory values, naming the key', () => {
  it.each([
    ['no values at all', [], /oidc\.issuer: the IdP's issuer URL is required/],
    [
      'no TLS secret',
      ['--values', minimalValues, '--set', 'tls.existingSecret='],
      /tls\.existingSecret: name the kubernetes\.io\/tls Secret/,
    ],
    [
      'no org',
      ['--values', minimalValues, '--set', 'org.existingConfigMap='],
      /org: set org\.inline .* or org\.existingConfigMap/,
    ],
    [
      'both org forms',
      ['--values', minimalValues, '--set', 'org.inline=users: []'],
      /org: set org\.inline or org\.existingConfigMap, not both/,
    ],
    [
      'an http issuer',
      ['--values', minimalValues, '--set', 'oidc.issuer=http://idp.example.com'],
      /at '\/oidc\/issuer': 'http:\/\/idp\.example\.com' does not match pattern/,
    ],
    [
      'an unknown value',
      ['--values', minimalValues, '--set', 'replicas=3'],
      /additional properties 'replicas' not allowed/,
    ],
    [
      'impersonated groups without system:authenticated',
      [
        '--values',
        minimalValues,
        '--set',
        'rbac.impersonate.users={alice@example.com}',
        '--set',
        'rbac.impersonate.groups={engineering}',
      ],
      /rbac\.impersonate\.groups must include system:authenticated/,
    ],
  ])('%s', async (_label, args, message) => {
    const r = await runHelm(['template', 'gatehouse-gateway', chartDir, ...args]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('the rendered objects (minimal values)', () => {
  let all: K8sObject[];
  beforeAll(async () => {
    all = objects(await template('gatehouse-gateway', 'gatehouse', ['--values', minimalValues]));
  });

  it('has exactly the expected objects, each namespaced where it must be', () => {
    const summary = all.map((o) => `${o.kind}/${o.metadata.name}@${o.metadata.namespace ?? '-'}`).sort();
    expect(summary).toEqual([
      'ClusterRole/gatehouse-gateway-impersonator@-',
      'ClusterRoleBinding/gatehouse-gateway-impersonator@-',
      'ConfigMap/gatehouse-gateway-config@gatehouse',
      'Deployment/gatehouse-gateway@gatehouse',
      'PodDisruptionBudget/gatehouse-gateway@gatehouse',
      'Service/gatehouse-gateway@gatehouse',
      'ServiceAccount/gatehouse-gateway@gatehouse',
    ]);
  });

  it('runs ≥ 2 replicas of `gatehouse gateway --config` as a non-root, read-only, capability-less container', () => {
    const deployment = one<Deployment>(all, 'Deployment');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = deployment.spec.template.spec;
    const container = gatewayContainer(deployment);
    expect(container.args).toEqual(['gateway', '--config', CONFIG_PATH]);
    expect(container.image).toBe('gatehouse/gateway:0.1.0');
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });
    expect(pod.serviceAccountName).toBe('gatehouse-gateway');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  it('probes /readyz and /healthz over HTTPS on the serving port, which the Service maps 443 to', () => {
    const deployment = one<Deployment>(all, 'Deployment');
    const container = gatewayContainer(deployment);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    expect(container.ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
    const service = one<K8sObject & { spec: { selector: unknown; ports: unknown[] } }>(all, 'Service');
    expect(service.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('keeps a replica up through voluntary disruptions and spreads replicas across nodes', () => {
    const deployment = one<Deployment>(all, 'Deployment');
    const pdb = one<K8sObject & { spec: { maxUnavailable?: number; minAvailable?: number; selector: unknown } }>(
      all,
      'PodDisruptionBudget',
    );
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector).toEqual({ matchLabels: deployment.spec.selector.matchLabels });
    const pod = deployment.spec.template.spec;
    expect(pod.topologySpreadConstraints?.map((c) => c.topologyKey)).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    expect(pod.topologySpreadConstraints?.[0]?.labelSelector).toEqual({
      matchLabels: deployment.spec.selector.matchLabels,
    });
    expect(stringify(pod.affinity)).toContain('topologyKey: kubernetes.io/hostname');
  });

  it('keeps serving briefly before SIGTERM where the cluster has the preStop sleep action (≥ 1.30)', async () => {
    const preStop = async (kubeVersion: string): Promise<unknown> => {
      const rendered = objects(
        await template('gatehouse-gateway', 'gatehouse', ['--values', minimalValues, '--kube-version', kubeVersion]),
      );
      return (gatewayContainer(one<Deployment>(rendered, 'Deployment')) as Container & { lifecycle?: unknown })
        .lifecycle;
    };
    expect(await preStop('1.30.0')).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(await preStop('1.29.4')).toBeUndefined();
  });

  it('renders the config file from the values, pointing at what the pod mounts', () => {
    expect(renderedConfig(all, 'gatehouse-gateway-config')).toEqual({
      listen: '0.0.0.0:8443',
      tls: { certFile: '/etc/gatehouse/tls/tls.crt', keyFile: '/etc/gatehouse/tls/tls.key' },
      org: '/etc/gatehouse/org/org.yaml',
      oidc: { issuer: 'https://idp.example.com/realms/acme', clientId: 'gatehouse', usernameClaim: 'email' },
    });
    const pod = one<Deployment>(all, 'Deployment').spec.template.spec;
    const mounts = Object.fromEntries(
      gatewayContainer(one<Deployment>(all, 'Deployment')).volumeMounts.map((m) => [m.name, m]),
    );
    expect(mounts['config']).toEqual({
      name: 'config',
      mountPath: CONFIG_PATH,
      subPath: 'config.yaml',
      readOnly: true,
    });
    // The org is a directory mount (no subPath), so a ConfigMap edit reaches the running gateway.
    expect(mounts['org']).toEqual({ name: 'org', mountPath: '/etc/gatehouse/org', readOnly: true });
    expect(mounts['tls']).toEqual({ name: 'tls', mountPath: '/etc/gatehouse/tls', readOnly: true });
    const volumes = Object.fromEntries(pod.volumes.map((v) => [v.name, v]));
    expect(volumes['org']?.configMap?.name).toBe('gatehouse-org');
    expect(volumes['tls']?.secret).toMatchObject({ secretName: 'gatehouse-gateway-tls', defaultMode: 0o440 });
    expect(volumes['config']?.configMap?.name).toBe('gatehouse-gateway-config');
  });

  it('grants no impersonation at all while no one is listed (never an empty resourceNames)', () => {
    const role = one<K8sObject & { rules: Rule[] }>(all, 'ClusterRole');
    expect(role.rules.filter((r) => r.verbs.includes('impersonate'))).toEqual([]);
    const binding = one<K8sObject & { roleRef: unknown; subjects: unknown }>(all, 'ClusterRoleBinding');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'gatehouse-gateway', namespace: 'gatehouse' }]);
  });
});

describe('the rendered objects (everything enabled)', () => {
  let all: K8sObject[];
  let values: {
    org: { inline: string };
    rbac: { impersonate: { users: string[]; groups: string[] } };
  };
  beforeAll(async () => {
    all = objects(await template('gw', 'gatehouse', ['--values', allValues]));
    values = parse(readFileSync(allValues, 'utf8')) as typeof values;
  });

  it('the impersonator ClusterRole lists exactly the values, and equals what `gatehouse rbac generate` writes', () => {
    const role = one<K8sObject & { rules: Rule[] }>(all, 'ClusterRole');
    const impersonate = role.rules.filter((r) => r.verbs.includes('impersonate'));
    expect(impersonate).toEqual([
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: values.rbac.impersonate.users },
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: values.rbac.impersonate.groups },
    ]);
    // The project's own generator, on the same org, for the resource the gateway serves in-cluster.
    const parsed = parseOrg(parse(values.org.inline));
    if (!parsed.ok) throw new Error(`all-values.yaml's org does not parse: ${JSON.stringify(parsed.problems)}`);
    const targets = impersonationTargets(parsed.org, 'staging');
    expect(targets).toEqual(values.rbac.impersonate);
    const generated = impersonatorObjects({
      resourceName: 'staging',
      leasedUsername: 'system:serviceaccount:gatehouse:gatehouse-gateway-sa',
      targets,
      broad: false,
    });
    const generatedRole = generated.find((o) => o.object['kind'] === 'ClusterRole')?.object;
    expect(role.rules).toEqual(generatedRole?.['rules']);
    const binding = one<K8sObject & { subjects: unknown }>(all, 'ClusterRoleBinding');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'gatehouse-gateway-sa', namespace: 'gatehouse' },
    ]);
  });

  it('--broad mirrors the generator too', async () => {
    const broad = objects(await template('gw', 'gatehouse', ['--values', allValues, '--set', 'rbac.broad=true']));
    const role = one<K8sObject & { rules: Rule[] }>(broad, 'ClusterRole');
    const generated = impersonatorObjects({
      resourceName: 'staging',
      leasedUsername: 'x',
      targets: { users: [], groups: [] },
      broad: true,
    });
    expect(role.rules).toEqual(generated.find((o) => o.object['kind'] === 'ClusterRole')?.object['rules']);
  });

  it('renders the org ConfigMap from org.inline, and the full config file', () => {
    const org = one<K8sObject & { data: Record<string, string> }>(all, 'ConfigMap', 'gw-gatehouse-gateway-org');
    expect(org.data['org.yaml']).toBe(values.org.inline);
    expect(renderedConfig(all, 'gw-gatehouse-gateway-config')).toEqual({
      listen: '0.0.0.0:8443',
      tls: { certFile: '/etc/gatehouse/tls/tls.crt', keyFile: '/etc/gatehouse/tls/tls.key' },
      org: '/etc/gatehouse/org/org.yaml',
      oidc: {
        issuer: 'https://idp.example.com/realms/acme',
        clientId: 'gatehouse',
        usernameClaim: 'email',
        groupsClaim: 'groups',
        caFile: '/etc/gatehouse/oidc-ca/ca.crt',
      },
      admins: ['alice@example.com'],
      recordings: { dir: '/var/lib/gatehouse/recordings' },
    });
    const deployment = one<Deployment>(all, 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    const mounts = gatewayContainer(deployment).volumeMounts.map((m) => m.mountPath);
    expect(mounts).toEqual(
      expect.arrayContaining([
        '/etc/gatehouse/oidc-ca',
        '/etc/gatehouse/leased',
        '/var/lib/gatehouse/recordings',
        '/tmp',
      ]),
    );
  });

  it('renders the ServiceMonitor, scraping /metrics over HTTPS', () => {
    const monitor = one<K8sObject & { spec: { selector: unknown; endpoints: unknown[] } }>(all, 'ServiceMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata.labels?.['release']).toBe('prometheus');
    expect(monitor.spec.selector).toEqual({
      matchLabels: one<Deployment>(all, 'Deployment').spec.selector.matchLabels,
    });
    expect(monitor.spec.endpoints).toEqual([
      {
        port: 'https',
        scheme: 'https',
        path: '/metrics',
        interval: '15s',
        scrapeTimeout: '5s',
        tlsConfig: {
          serverName: 'gatehouse-gateway.gatehouse.svc',
          ca: { secret: { name: 'gatehouse-gateway-tls', key: 'tls.crt' } },
        },
      },
    ]);
  });
});

describe('the real API server accepts the rendering (kubectl apply --dry-run=server)', () => {
  // A real namespace enforcing and warning on the "restricted" Pod Security Standard: a pod template
  // that breaks it draws a warning on the dry run (the control case below shows the check is live).
  const namespace = `gatehouse-deploy-${randomUUID().slice(0, 8)}`;
  const kubeconfig = cluster.adminKubeconfig;

  beforeAll(async () => {
    const manifest = stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
      },
    });
    const r = await kubectl(['apply', '-f', '-'], { kubeconfig, stdin: manifest });
    if (r.code !== 0) throw new Error(`cannot create namespace ${namespace}: ${r.stderr}`);
  });
  afterAll(async () => {
    await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found'], { kubeconfig });
  });

  async function dryRun(rendered: string): Promise<{ code: number | null; created: string[]; stderr: string }> {
    const r = await kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], {
      kubeconfig,
      stdin: rendered,
    });
    const created = r.stdout
      .split('\n')
      .filter((line) => line.endsWith(' created (server dry run)'))
      .map((line) => line.replace(' created (server dry run)', ''));
    return { code: r.code, created, stderr: r.stderr };
  }

  it.each([
    ['minimal values', ['--values', minimalValues], 7],
    // The ServiceMonitor's CRD is not in the test cluster; its rendering is checked above instead.
    ['everything enabled but the ServiceMonitor', ['--values', allValues, '--set', 'serviceMonitor.enabled=false'], 8],
  ])('%s', async (_label, values, count) => {
    const rendered = await template('dry', namespace, values);
    const r = await dryRun(rendered);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.created).toHaveLength(count);
    expect(r.created).toEqual(
      expect.arrayContaining([
        'deployment.apps/dry-gatehouse-gateway',
        'poddisruptionbudget.policy/dry-gatehouse-gateway',
        'clusterrole.rbac.authorization.k8s.io/dry-gatehouse-gateway-impersonator',
      ]),
    );
  });

  it('control: a pod template outside the restricted standard draws the Pod Security warning', async () => {
    const rendered = await template('dry', namespace, [
      '--values',
      minimalValues,
      '--set',
      'extraVolumes[0].name=host,extraVolumes[0].hostPath.path=/',
    ]);
    const r = await dryRun(rendered);
    expect(r.stderr).toMatch(/would violate PodSecurity "restricted:latest".*hostPath/);
  });
});

describe('the plain manifests', () => {
  it('deploy/manifests/gatehouse-gateway.yaml is a fresh render (run `node deploy/render-manifests.mjs`)', async () => {
    const fresh = await renderManifests();
    expect(readFileSync(manifestsFile, 'utf8')).toBe(fresh);
    const all = objects(fresh);
    expect(one(all, 'Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(
      all
        .filter((o) => o.kind !== 'Namespace' && o.kind !== 'ClusterRole' && o.kind !== 'ClusterRoleBinding')
        .every((o) => o.metadata.namespace === 'gatehouse'),
    ).toBe(true);
  });
});

/** Dockerfile instructions, comments dropped and continuation lines joined. */
function instructions(text: string): Array<{ op: string; args: string }> {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('the image build file (deploy/Dockerfile)', () => {
  const all = instructions(readFileSync(dockerfile, 'utf8'));
  const stageStarts = all.flatMap((ins, i) => (ins.op === 'FROM' ? [i] : []));
  const finalStage = all.slice(stageStarts.at(-1));
  const stages = stageStarts.map((start, n) => all.slice(start, stageStarts[n + 1]));

  it('is multi-stage, every base image pinned to a version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const image = stage[0]?.args.split(' ')[0] ?? '';
      expect(image).toMatch(/:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
    expect(stages[0]?.[0]?.args).toMatch(/^node:20/);
  });

  it('builds the gateway bundle with npm ci and production dependencies without dev ones', () => {
    const runs = all.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs).toContain('npm ci --no-audit --no-fund --ignore-scripts');
    expect(runs).toContain('npm run build:gateway');
    expect(runs.some((r) => /npm ci .*--omit=dev/.test(r))).toBe(true);
  });

  it('ends on a shell-less non-root runtime holding only the built gateway and its production node_modules', () => {
    expect(finalStage[0]?.args).toMatch(/^(gcr\.io\/distroless\/nodejs20-debian12|node:20-slim)/);
    const users = finalStage.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users).toEqual(['65532:65532']);
    // Nothing runs in the final stage (no shell there) and nothing comes from the build context.
    expect(finalStage.filter((i) => i.op === 'RUN')).toEqual([]);
    const copies = finalStage.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies.every((c) => c.startsWith('--from='))).toBe(true);
    expect(copies.map((c) => c.split(' ').slice(1, 2)[0])).toEqual([
      '/src/package.json',
      '/src/node_modules',
      '/src/out/gateway',
    ]);
    expect(all.filter((i) => i.op === 'ADD')).toEqual([]);
  });

  it('runs the gateway bundle in exec form with the arguments the chart passes', async () => {
    const entrypoint = JSON.parse(finalStage.find((i) => i.op === 'ENTRYPOINT')?.args ?? 'null') as string[];
    expect(entrypoint).toEqual(['/nodejs/bin/node', '/app/out/gateway/gatehouse.mjs']);
    const cmd = JSON.parse(finalStage.find((i) => i.op === 'CMD')?.args ?? 'null') as string[];
    const deployment = one<Deployment>(
      objects(await template('gatehouse-gateway', 'gatehouse', ['--values', minimalValues])),
      'Deployment',
    );
    expect(cmd).toEqual(gatewayContainer(deployment).args);
  });

  it('keeps the build context to sources (Dockerfile.dockerignore)', () => {
    const ignored = readFileSync(`${dockerfile}.dockerignore`, 'utf8').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['.git', '**/node_modules', 'out', 'e2e/cluster/bin', 'deploy/tools/bin']),
    );
  });
});
