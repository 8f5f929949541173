// The doctor (issue: admin preview and cluster checks) against the real test cluster: the demo org
// reports exactly its intended problems, and each check is seen in its other states — a wrong
// token (401), a closed port, an unverifiable server, a missing kubeconfig. The two states the
// real cluster cannot take (Kubernetes older than 1.20, no RBAC API) come from a small fake API
// server. The "leased identity without rights" states are in admin-rbac.test.ts, where the same
// service account later gets the generated role.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { runDoctor } from '../../app/domain/admin/doctor/run-doctor';
import { loadOrg } from '../../app/domain/org/load';
import type { DoctorCheck, DoctorCheckId, ResourceDoctorReport } from '../../shared/admin';
import type { InlineClusterSource, Org, OrgResource } from '../../shared/org';
import { runGatehouse } from '../support/gatehouse-cli';

const cluster = inject('cluster');
let workdir: string;
let demo: Org;

/** The CA of the test cluster, for inline `cluster:` blocks. */
function clusterCaData(): string {
  const kubeconfig = parse(readFileSync(cluster.adminKubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
  };
  return kubeconfig.clusters[0]!.cluster['certificate-authority-data'];
}

/** The demo org with kubeconfig paths made absolute, so the copy can live anywhere. */
function writeDemoOrgCopy(): string {
  const file = join(workdir, 'org.yaml');
  writeFileSync(file, readFileSync(cluster.org, 'utf8').replaceAll('./leased', `${cluster.dir}/leased`));
  return file;
}

/** The demo org with one resource, `name`, reaching the cluster with the given leased credential. */
function orgWithResource(name: string, clusterSource: OrgResource['cluster'], base: Org = demo): Org {
  const staging = base.resources[0]!;
  const resource: OrgResource = { ...staging, name, cluster: clusterSource };
  const renamed = (names: string[] | undefined) => names?.map((n) => (n === 'staging' ? name : n));
  return {
    ...base,
    roles: base.roles.map((role) => ({
      ...role,
      rules: role.rules.map((rule) => ({ ...rule, resources: renamed(rule.resources) })),
    })),
    resources: [resource],
  };
}

function inline(extra: Partial<InlineClusterSource>): InlineClusterSource {
  return { server: cluster.server, certificateAuthorityData: clusterCaData(), ...extra };
}

function check(report: ResourceDoctorReport, id: DoctorCheckId): DoctorCheck {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in ${JSON.stringify(report)}`);
  return found;
}

async function doctorOf(org: Org): Promise<ResourceDoctorReport> {
  const report = await runDoctor(org, { timeoutMs: 5000 });
  expect(report.resources).toHaveLength(1);
  expect(report.resources[0]!.checks.map((c) => c.id)).toEqual([
    'reachable',
    'rbac-api',
    'impersonate',
    'reviews',
    'bindings',
    'roles',
  ]);
  return report.resources[0]!;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const DEMO_BINDINGS = {
  id: 'bindings',
  status: 'warn',
  finding:
    'members of role "Data.Science" get no access: no RoleBinding or ClusterRoleBinding names its group "datascience"',
} as const;
const DEMO_ROLES = {
  id: 'roles',
  status: 'warn',
  finding:
    'roles "Platform Team" and "Platform-Team" both derive group "platform-team" (sent once; they share its RBAC); ' +
    'role "System:Masters": group "system:masters" starts with "system:", which Kubernetes reserves; it is not sent',
  fix: 'rename the roles in the org file so each derives a distinct group not starting with "system:" (lowercased, whitespace → "-", dots removed)',
} as const;

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-admin-doctor-'));
  demo = (await loadOrg(writeDemoOrgCopy())).org;
});

describe('gatehouse doctor --json on the demo org', () => {
  it('reports the collision, the unbound group and the reserved name — and nothing else — for every resource', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
    const r = await runGatehouse(['doctor', '--json', '--org', join(workdir, 'org.yaml')], home);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { resources: ResourceDoctorReport[] };
    const expected = (name: string, leased: string) => ({
      name,
      checks: [
        {
          id: 'reachable',
          status: 'ok',
          finding: expect.stringMatching(
            new RegExp(`^Kubernetes v1\\.\\d+\\S* at ${cluster.server} answers as ${leased}$`),
          ),
          fix: null,
        },
        { id: 'rbac-api', status: 'ok', finding: 'rbac.authorization.k8s.io/v1 is served', fix: null },
        {
          id: 'impersonate',
          status: 'ok',
          finding: `the leased identity ${leased} may impersonate any user and group`,
          fix: null,
        },
        {
          id: 'reviews',
          status: 'ok',
          finding: `the leased identity ${leased} may create subjectaccessreviews and read roles and bindings`,
          fix: null,
        },
        {
          ...DEMO_BINDINGS,
          fix: `bind the group to a Role or ClusterRole; "gatehouse rbac generate ${name}" prints a binding template per group`,
        },
        DEMO_ROLES,
      ],
    });
    // staging and payments use the leased token, prod the leased client certificate. On payments
    // the bindings check also finds the alias User frank_c and the explicit group payments-rw bound.
    expect(report).toEqual({
      resources: [
        expected('staging', 'gatehouse-leased'),
        expected('prod', 'gatehouse-leased-cert'),
        expected('payments', 'gatehouse-leased'),
      ],
    });
  });

  it('prints the same as text and exits 0 (warnings only); an unknown resource is a usage error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
    const text = await runGatehouse(['doctor', 'prod', '--org', join(workdir, 'org.yaml')], home);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^prod\n {2}ok {4}reachable /);
    expect(text.stdout).toContain('  WARN  bindings     members of role "Data.Science" get no access');
    expect(text.stdout).not.toContain('staging');
    const unknown = await runGatehouse(['doctor', 'nope', '--org', join(workdir, 'org.yaml')], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^gatehouse doctor: unknown resource "nope" \(the org has: staging, prod, payments\)/,
    );
  });
});

describe('doctor checks in their other states', () => {
  it('all ok when every role derives its own group and every group, explicit group and alias is bound', async () => {
    const clean: Org = {
      ...demo,
      roles: demo.roles.filter((r) => !['Data.Science', 'System:Masters', 'Platform-Team'].includes(r.name)),
    };
    clean.users = clean.users.map((u) => ({
      ...u,
      roles: u.roles.filter((role) => clean.roles.some((r) => r.name === role)),
    }));
    const report = await doctorOf({ ...clean, resources: [demo.resources[0]!] });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['reachable', 'ok'],
      ['rbac-api', 'ok'],
      ['impersonate', 'ok'],
      ['reviews', 'ok'],
      ['bindings', 'ok'],
      ['roles', 'ok'],
    ]);
    expect(check(report, 'bindings').finding).toBe(
      'each of the 5 role groups is named by a RoleBinding or ClusterRoleBinding',
    );
    expect(check(report, 'roles').finding).toBe('each of the 5 roles derives its own valid group');

    // On the alias-mode resource the seed's bindings for frank_c (a User) and payments-rw count too.
    const payments = await doctorOf({ ...clean, resources: [demo.resources[2]!] });
    expect(payments.checks.map((c) => [c.id, c.status])).toEqual(report.checks.map((c) => [c.id, 'ok']));
    expect(check(payments, 'bindings').finding).toBe(
      'each of the 5 role groups, 1 explicit group, 1 alias is named by a RoleBinding or ClusterRoleBinding',
    );
  });

  it('reachable fails with 401 for a wrong token (inline credential), and the cluster checks are not run', async () => {
    const report = await doctorOf(orgWithResource('wrong-token', inline({ token: 'not-a-valid-token' })));
    expect(check(report, 'reachable')).toEqual({
      id: 'reachable',
      status: 'fail',
      finding: `the cluster at ${cluster.server} rejected the leased credential (HTTP 401 Unauthorized): it is wrong, expired or revoked`,
      fix: 'renew the leased credential of resource "wrong-token" (its kubeconfig, or the inline credentials in the org file)',
    });
    for (const id of ['rbac-api', 'impersonate', 'reviews', 'bindings'] as const) {
      expect(check(report, id)).toEqual({
        id,
        status: 'fail',
        finding: 'not checked: the cluster API is not reachable',
        fix: 'fix the "reachable" check first',
      });
    }
    expect(check(report, 'roles')).toEqual(DEMO_ROLES); // the org's own problems are still reported
  });

  it('reachable fails with the cause when nothing listens on the port', async () => {
    const server = `https://127.0.0.1:${await closedPort()}`;
    const report = await doctorOf(orgWithResource('closed', inline({ server, token: 'x' })));
    expect(check(report, 'reachable')).toEqual({
      id: 'reachable',
      status: 'fail',
      finding: `cannot reach the API server at ${server}: connection refused (ECONNREFUSED)`,
      fix: 'check the server address and that this machine can reach it (API server running, VPN, firewall)',
    });
  });

  it('reachable fails when the server certificate cannot be verified', async () => {
    const report = await doctorOf(orgWithResource('no-ca', { server: cluster.server, token: 'x' }));
    expect(check(report, 'reachable')).toMatchObject({
      status: 'fail',
      finding: expect.stringMatching(new RegExp(`^cannot verify the API server at ${cluster.server}: TLS: `)),
    });
  });

  it('reachable fails, naming the file, when the leased kubeconfig is missing', async () => {
    const missing = join(workdir, 'missing.kubeconfig');
    const report = await doctorOf(orgWithResource('missing', { kubeconfig: missing }));
    expect(check(report, 'reachable')).toMatchObject({
      status: 'fail',
      finding: expect.stringContaining(`the leased credential cannot be used: kubeconfig ${missing}`),
      fix: 'fix the "cluster:" block of resource "missing" in the org file',
    });
  });

  describe('against a fake API server (states the real cluster cannot take)', () => {
    let fake: http.Server;
    let fakeUrl: string;

    beforeAll(async () => {
      // Kubernetes 1.19 without the RBAC API: /version, /apis and allow-all SelfSubjectAccessReviews.
      fake = http.createServer((req, res) => {
        const json = (code: number, body: unknown) => {
          res.writeHead(code, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'GET' && req.url === '/version')
          return json(200, { major: '1', minor: '19', gitVersion: 'v1.19.16' });
        if (req.method === 'GET' && req.url === '/apis') {
          const apps = { groupVersion: 'apps/v1', version: 'v1' };
          return json(200, {
            kind: 'APIGroupList',
            apiVersion: 'v1',
            groups: [{ name: 'apps', versions: [apps], preferredVersion: apps }],
          });
        }
        if (req.method === 'POST' && req.url?.startsWith('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')) {
          let body = '';
          req.on('data', (c: Buffer) => (body += c.toString()));
          req.on('end', () => json(201, { ...(JSON.parse(body) as object), status: { allowed: true } }));
          return;
        }
        json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'not found', code: 404 });
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
      fakeUrl = `http://127.0.0.1:${(fake.address() as net.AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

    it('warns below 1.20 naming the anonymous-request bug, fails without the RBAC API', async () => {
      const report = await doctorOf(orgWithResource('old', { server: fakeUrl, token: 'x' }));
      expect(check(report, 'reachable')).toEqual({
        id: 'reachable',
        status: 'warn',
        finding: `Kubernetes v1.19.16 at ${fakeUrl} is older than 1.20: with anonymous requests enabled it wrongly expects system:authenticated in impersonated requests (known bug; Gatehouse sends it, but such versions are unsupported)`,
        fix: 'upgrade the cluster to Kubernetes 1.20 or newer',
      });
      expect(check(report, 'rbac-api')).toEqual({
        id: 'rbac-api',
        status: 'fail',
        finding:
          'rbac.authorization.k8s.io/v1 is not served: the cluster does not authorize with RBAC, so it ignores the impersonated groups (e.g. AKS created without RBAC)',
        fix: 'enable RBAC on the cluster (kube-apiserver --authorization-mode including RBAC; on AKS recreate the cluster with RBAC enabled)',
      });
      expect(check(report, 'impersonate').status).toBe('ok');
      expect(check(report, 'bindings')).toEqual({
        id: 'bindings',
        status: 'fail',
        finding: 'not checked: the RBAC API is not served',
        fix: 'fix the "rbac-api" check first',
      });
    });
  });
});
