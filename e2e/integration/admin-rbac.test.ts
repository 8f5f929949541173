// The RBAC generator against the real test cluster. A fresh ServiceAccount (TokenRequest token) is
// a leased identity with no rights: the doctor fails naming the missing rule. The generated
// least-privilege role, applied by the admin, makes it able to impersonate exactly the org's users
// and groups — kubectl --as works for them, is refused for anyone else, and the real proxy works
// with it — and the doctor then passes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { runDoctor } from '../../app/domain/admin/doctor/run-doctor';
import { impersonationTargets } from '../../app/domain/admin/impersonation-targets';
import { planResourceRbac, renderResourceRbac } from '../../app/domain/admin/rbac/generate-rbac';
import { loadOrg } from '../../app/domain/org/load';
import type { DoctorCheck, DoctorCheckId } from '../../shared/admin';
import type { Org, OrgResource } from '../../shared/org';
import { connectForeground, runGatehouse, type ForegroundConnection } from '../support/gatehouse-cli';
import { kubectl } from '../support/kubectl';

const cluster = inject('cluster');
const suffix = randomUUID().slice(0, 8);
const SA = `gatehouse-lp-${suffix}`;
const SA_USERNAME = `system:serviceaccount:default:${SA}`;
const RESOURCE = `lp-${suffix}`;
let workdir: string;
let demoFile: string;
let saKubeconfig: string;
let saOrg: Org;
let saOrgFile: string;

async function admin(args: string[], stdin?: string): Promise<string> {
  const r = await kubectl(args, { kubeconfig: cluster.adminKubeconfig, stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

function clusterCaData(): string {
  const kubeconfig = parse(readFileSync(cluster.adminKubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
  };
  return kubeconfig.clusters[0]!.cluster['certificate-authority-data'];
}

function writeKubeconfig(file: string, token: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: cluster.server, 'certificate-authority-data': clusterCaData() } }],
    users: [{ name: 'sa', user: { token } }],
    contexts: [{ name: 'sa', context: { cluster: 'test', user: 'sa' } }],
    'current-context': 'sa',
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
}

/** The demo org with staging renamed to RESOURCE and reaching the cluster as the ServiceAccount (inline form); the other resources as they are. */
function orgLeasedBy(demo: Org, token: string): Org {
  const staging = demo.resources[0]!;
  const resource: OrgResource = {
    ...staging,
    name: RESOURCE,
    cluster: { server: cluster.server, certificateAuthorityData: clusterCaData(), token },
  };
  const renamed = (names: string[] | undefined) => names?.map((n) => (n === 'staging' ? RESOURCE : n));
  return {
    ...demo,
    roles: demo.roles.map((role) => ({
      ...role,
      rules: role.rules.map((rule) => ({ ...rule, resources: renamed(rule.resources) })),
    })),
    resources: [resource, ...demo.resources.slice(1)],
  };
}

async function saKubectl(args: string[]) {
  return kubectl(args, { kubeconfig: saKubeconfig });
}

async function doctorChecks(): Promise<Record<DoctorCheckId, DoctorCheck>> {
  const report = await runDoctor(saOrg, { resources: [RESOURCE] });
  return Object.fromEntries(report.resources[0]!.checks.map((c) => [c.id, c])) as Record<DoctorCheckId, DoctorCheck>;
}

async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await attempt();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still not true after 15 s: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-admin-rbac-'));
  demoFile = join(workdir, 'demo.yaml');
  writeFileSync(demoFile, readFileSync(cluster.org, 'utf8').replaceAll('./leased', `${cluster.dir}/leased`));
  await admin(['create', 'serviceaccount', SA, '-n', 'default']);
  const token = (await admin(['create', 'token', SA, '-n', 'default', '--duration=2h'])).trim();
  saKubeconfig = join(workdir, 'sa.kubeconfig');
  writeKubeconfig(saKubeconfig, token);
  saOrg = orgLeasedBy((await loadOrg(demoFile)).org, token);
  saOrgFile = join(workdir, 'sa-org.yaml');
  writeFileSync(saOrgFile, stringify(saOrg));
});

afterAll(async () => {
  await kubectl(
    ['delete', 'clusterrolebinding,clusterrole', `gatehouse-impersonator-${RESOURCE}`, '--ignore-not-found'],
    { kubeconfig: cluster.adminKubeconfig },
  );
  await kubectl(['delete', 'serviceaccount', SA, '-n', 'default', '--ignore-not-found'], {
    kubeconfig: cluster.adminKubeconfig,
  });
});

describe('a leased identity without rights (fresh ServiceAccount)', () => {
  it('is reachable, but the doctor fails impersonate naming the missing rule and warns about reviews', async () => {
    const checks = await doctorChecks();
    expect(checks.reachable).toMatchObject({
      status: 'ok',
      finding: expect.stringMatching(new RegExp(`answers as ${SA_USERNAME}$`)),
    });
    expect(checks['rbac-api'].status).toBe('ok');
    expect(checks.impersonate).toEqual({
      id: 'impersonate',
      status: 'fail',
      finding: `the leased identity ${SA_USERNAME} may not impersonate 5 users and 6 groups of this resource; missing rule: apiGroups: [""], resources: ["users","groups"], verbs: ["impersonate"]`,
      fix: `grant it in a ClusterRole bound to the leased identity, e.g. apply "gatehouse rbac generate ${RESOURCE}" as cluster admin`,
    });
    expect(checks.reviews).toMatchObject({
      status: 'warn',
      finding: expect.stringMatching(
        /^the leased identity .* may not create subjectaccessreviews, get clusterrolebindings, list clusterrolebindings, .*: previews will be partial/,
      ),
      fix: expect.stringContaining(
        'apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"]',
      ),
    });
    expect(checks.bindings).toMatchObject({
      status: 'warn',
      finding: expect.stringMatching(/^not checked: cannot list the cluster's bindings: HTTP 403 Forbidden/),
    });
  });
});

describe('the generated least-privilege RBAC, applied for that identity', () => {
  beforeAll(async () => {
    const plan = await planResourceRbac(saOrg, saOrg.resources[0]!);
    expect(plan.leasedUsername).toBe(SA_USERNAME);
    // Only the impersonator part: the group templates bind "view" as a placeholder and would
    // change what the demo groups may do for every other test on this cluster.
    const yaml = renderResourceRbac({ ...plan, groupTemplates: [] });
    const applied = await admin(['apply', '-f', '-'], yaml);
    expect(applied).toContain(`clusterrole.rbac.authorization.k8s.io/gatehouse-impersonator-${RESOURCE} created`);
    expect(applied).toContain(
      `clusterrolebinding.rbac.authorization.k8s.io/gatehouse-impersonator-${RESOURCE} created`,
    );
    // RBAC changes reach the authorizer through an informer: wait until the grant is visible.
    await eventually(
      () => saKubectl(['--as', 'alice@example.com', 'auth', 'whoami']),
      (r) => r.code === 0,
      'impersonating alice',
    );
  });

  it('binds the ServiceAccount as the cluster named it, with exactly the org users and groups', async () => {
    const role = JSON.parse(
      await admin(['get', 'clusterrole', `gatehouse-impersonator-${RESOURCE}`, '-o', 'json']),
    ) as {
      rules: Array<{ resources: string[]; resourceNames?: string[] }>;
    };
    const targets = impersonationTargets(saOrg, RESOURCE);
    expect(role.rules[0]).toMatchObject({ resources: ['users'], resourceNames: targets.users });
    expect(role.rules[1]).toMatchObject({ resources: ['groups'], resourceNames: targets.groups });
    const binding = JSON.parse(
      await admin(['get', 'clusterrolebinding', `gatehouse-impersonator-${RESOURCE}`, '-o', 'json']),
    ) as { subjects: unknown[] };
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: SA, namespace: 'default' }]);
  });

  it('lets it impersonate the demo users with their groups', async () => {
    const asAlice = await saKubectl([
      '--as',
      'alice@example.com',
      '--as-group',
      'engineering',
      'get',
      'secrets',
      '-n',
      'team-a',
      '-o',
      'name',
    ]);
    expect(asAlice.stderr).toBe('');
    expect(asAlice.stdout).toContain('secret/app-credentials');
    const allGroups = ['engineering', 'sre-on-call', 'system:authenticated'].flatMap((g) => ['--as-group', g]);
    const exec = await saKubectl([
      '--as',
      'alice@example.com',
      ...allGroups,
      'auth',
      'can-i',
      'create',
      'pods',
      '--subresource=exec',
      '-n',
      'team-a',
    ]);
    expect(exec.stdout.trim()).toBe('yes');
    const asBob = await saKubectl([
      '--as',
      'bob@example.com',
      '--as-group',
      'developers',
      'get',
      'pods',
      '-n',
      'team-b',
      '-o',
      'name',
    ]);
    expect(asBob.stdout.trim()).toBe('pod/api');
  });

  it('refuses to impersonate anyone else, or any other group', async () => {
    const mallory = await saKubectl(['--as', 'mallory@example.com', 'get', 'pods', '-n', 'team-a']);
    expect(mallory.code).not.toBe(0);
    expect(mallory.stderr).toMatch(/forbidden: .*cannot impersonate resource "users" in API group ""/i);
    const masters = await saKubectl([
      '--as',
      'alice@example.com',
      '--as-group',
      'system:masters',
      'get',
      'secrets',
      '-A',
    ]);
    expect(masters.code).not.toBe(0);
    expect(masters.stderr).toMatch(/forbidden: .*cannot impersonate resource "groups" in API group ""/i);
    const unknownGroup = await saKubectl([
      '--as',
      'bob@example.com',
      '--as-group',
      'admins',
      'get',
      'pods',
      '-n',
      'team-b',
    ]);
    expect(unknownGroup.stderr).toMatch(/cannot impersonate resource "groups"/);
    const itself = await saKubectl(['get', 'secrets', '-n', 'team-a']);
    expect(itself.stderr).toMatch(/forbidden: User "system:serviceaccount:default:gatehouse-lp-/);
  });

  it('is enough for the real proxy: kubectl through gatehouse as alice (get, exec, whoami) and as carol', async () => {
    let alice: ForegroundConnection | undefined;
    let carol: ForegroundConnection | undefined;
    try {
      alice = await connectForeground({ org: saOrgFile, user: 'alice@example.com', resources: [RESOURCE] });
      const opts = { kubeconfig: alice.kubeconfigs[RESOURCE]! };
      const pods = await kubectl(['get', 'pods', '-n', 'team-a', '-o', 'name'], opts);
      expect(pods.stdout.split('\n').filter(Boolean).sort()).toEqual(['pod/web', 'pod/worker']);
      const exec = await kubectl(['exec', '-n', 'team-a', 'web', '--', 'sh', '-c', 'echo through-lp'], opts);
      expect(exec.stdout.trim()).toBe('through-lp');
      const whoami = JSON.parse((await kubectl(['auth', 'whoami', '-o', 'json'], opts)).stdout) as {
        status: { userInfo: { username: string; groups: string[] } };
      };
      expect(whoami.status.userInfo).toMatchObject({
        username: 'alice@example.com',
        groups: ['engineering', 'sre-on-call', 'system:authenticated'],
      });

      // carol's group is bound to nothing: impersonation succeeds, RBAC then says no — as carol.
      carol = await connectForeground({ org: saOrgFile, user: 'carol@example.com', resources: [RESOURCE] });
      const denied = await kubectl(['get', 'pods', '-n', 'team-a'], { kubeconfig: carol.kubeconfigs[RESOURCE]! });
      expect(denied.stderr).toMatch(/User "carol@example.com" cannot list resource "pods"/);
    } finally {
      if (alice) expect(await alice.stop()).toBe(0);
      if (carol) expect(await carol.stop()).toBe(0);
    }
  });

  it('makes the doctor pass impersonate and reviews (the unbound demo group still warns)', async () => {
    const checks = await doctorChecks();
    expect(checks.impersonate).toEqual({
      id: 'impersonate',
      status: 'ok',
      finding: `the leased identity ${SA_USERNAME} may impersonate the 5 users and 6 groups of this resource (restricted by resourceNames)`,
      fix: null,
    });
    expect(checks.reviews.status).toBe('ok');
    expect(checks.bindings).toMatchObject({
      status: 'warn',
      finding: expect.stringContaining('"Data.Science" get no access'),
    });
  });
});

describe('gatehouse rbac generate (CLI)', () => {
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));

  it('prints YAML the API server accepts, with the impersonator first and a commented template per group', async () => {
    const r = await runGatehouse(['rbac', 'generate', 'staging', '--org', demoFile], home);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout);
    if (!Array.isArray(docs)) throw new Error('not a YAML stream');
    const objects = docs.map(
      (d) => d.toJS() as { kind: string; metadata: { name: string }; subjects?: Array<{ name: string }> },
    );
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterRole/gatehouse-impersonator-staging',
      'ClusterRoleBinding/gatehouse-impersonator-staging',
      'ClusterRoleBinding/gatehouse-group-engineering',
      'ClusterRoleBinding/gatehouse-group-sre-on-call',
      'ClusterRoleBinding/gatehouse-group-developers',
      'ClusterRoleBinding/gatehouse-group-datascience',
      'ClusterRoleBinding/gatehouse-group-platform-team',
      'ClusterRoleBinding/gatehouse-group-payments-engineers',
    ]);
    expect(objects[1]!.subjects).toEqual([
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'gatehouse-leased' },
    ]);
    expect(r.stdout).toContain('# Template for roles "Platform Team" and "Platform-Team"');
    expect(r.stdout).toContain('# PLACEHOLDER: "view" is only an example');
    const dryRun = await admin(['apply', '--dry-run=server', '-f', '-'], r.stdout);
    expect(dryRun.trim().split('\n')).toHaveLength(8);
  });

  it('on the alias-mode resource names the alias and the explicit group in resourceNames (not the email)', async () => {
    const r = await runGatehouse(['rbac', 'generate', 'payments', '--org', demoFile], home);
    expect(r.code, r.stderr).toBe(0);
    const docs = parseAllDocuments(r.stdout);
    if (!Array.isArray(docs)) throw new Error('not a YAML stream');
    const role = docs[0]!.toJS() as { kind: string; rules: Array<{ resources: string[]; resourceNames?: string[] }> };
    expect(role.kind).toBe('ClusterRole');
    expect(role.rules[0]).toMatchObject({ resources: ['users'], resourceNames: ['frank_c'] });
    expect(role.rules[1]).toMatchObject({
      resources: ['groups'],
      resourceNames: ['payments-engineers', 'payments-rw', 'system:authenticated'],
    });
    expect(r.stdout).not.toContain('frank@example.com');
    const dryRun = await admin(['apply', '--dry-run=server', '-f', '-'], r.stdout);
    expect(dryRun).toContain(
      'clusterrole.rbac.authorization.k8s.io/gatehouse-impersonator-payments created (server dry run)',
    );
  });

  it('--broad without a name: one section per resource, unrestricted impersonation', async () => {
    const r = await runGatehouse(['rbac', 'generate', '--broad', '--org', demoFile], home);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Gatehouse RBAC for resource "staging"');
    expect(r.stdout).toContain('# Gatehouse RBAC for resource "prod"');
    expect(r.stdout).toContain('# Gatehouse RBAC for resource "payments"');
    expect(r.stdout).toContain('gatehouse rbac generate prod --broad | kubectl apply -f -');
    expect(r.stdout).not.toContain('resourceNames');
    expect(r.stdout).toContain('name: gatehouse-leased-cert');
  });

  it('says clearly when the leased identity cannot be found out, and rejects unknown resources', async () => {
    const wrong = join(workdir, 'wrong.yaml');
    const org = orgLeasedBy((await loadOrg(demoFile)).org, 'not-a-valid-token');
    writeFileSync(wrong, stringify(org));
    const r = await runGatehouse(['rbac', 'generate', RESOURCE, '--org', wrong], home);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `gatehouse rbac: cannot tell which identity the leased credential is, so there is nothing to bind: SelfSubjectReview at ${cluster.server} failed: HTTP 401 Unauthorized\n`,
    );
    const unknown = await runGatehouse(['rbac', 'generate', 'nope', '--org', demoFile], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown resource "nope"/);
  });
});
