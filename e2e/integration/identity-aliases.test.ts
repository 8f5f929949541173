// Identity aliases and explicit groups (SPEC §11, issue 14) against the real test cluster: an org
// whose resource `ldap` impersonates each person's alias in the identity set `corp`, and whose rule
// granting `ldap` adds an explicit group. Checked in the cluster's own audit log: through the
// loopback listener (`connect --foreground`, kubectl 1.33) and through a real gateway (a real ID
// token from the test OpenID provider), the username is the alias and the explicit group is sent
// only on the resource its rule grants; a RoleBinding to the alias User (and one to the explicit
// group) is what lets the person in — the role-derived group and the email are bound to nothing.
// A person without an alias is refused at connect, at the gateway, and never sent as their email.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog, type AuditEvent } from '../support/audit';
import { connectForeground, runGatehouse, type ForegroundConnection } from '../support/gatehouse-cli';
import { gatewayRequest, startGateway, writeGatewayConfig, type GatewayReplica } from '../support/gateway';
import { kubectl } from '../support/kubectl';
import { signIn } from '../support/oidc/tokens';

const cluster = inject('cluster');
const idp = inject('oidc');
const audit = auditLog(cluster.auditLog);
const admin = { kubeconfig: cluster.adminKubeconfig };
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const id = randomUUID().slice(0, 8);
/** Unique per run, so bindings and audit lines of other runs cannot make this pass. */
const ALIAS = `alice-ldap-${id}`;
const GROUP = `payments-rw-${id}`;
/** Derives a group nothing binds: access can only come from the alias or the explicit group. */
const ROLE = `Alias Test ${id}`;
const bindings: [string, string][] = [
  [`alias-user-${id}`, 'team-a'],
  [`alias-group-${id}`, 'team-b'],
];

let workdir: string;
let orgFile: string;
let alice: ForegroundConnection | undefined;
let gateway: GatewayReplica | undefined;

function orgYaml(): string {
  const leased = `{kubeconfig: ${cluster.dir}/leased.kubeconfig, context: leased}`;
  return `identitySets:
  - name: corp
users:
  - email: ${ALICE}
    roles: ["${ROLE}"]
    aliases: {corp: ${ALIAS}}
  - email: ${BOB}
    roles: ["${ROLE}"]
roles:
  - name: "${ROLE}"
    rules:
      - resources: [staging]
      - resources: [ldap]
        groups: [${GROUP}]
resources:
  - name: staging
    type: kubernetes-user-impersonation
    healthcheckNamespace: team-a
    cluster: ${leased}
  - name: ldap
    type: kubernetes-user-impersonation
    healthcheckNamespace: team-a
    impersonation: {identitySet: corp}
    cluster: ${leased}
`;
}

/** The cluster's audit event of this run's pods list in `namespace` impersonating `username` (with this run's role group). */
function podsList(username: string, namespace: string): (e: AuditEvent) => boolean {
  return (e) =>
    e.stage === 'ResponseComplete' &&
    e.verb === 'list' &&
    e.objectRef?.resource === 'pods' &&
    e.objectRef.namespace === namespace &&
    e.impersonatedUser?.username === username &&
    (e.impersonatedUser.groups ?? []).includes(`alias-test-${id}`);
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-aliases-'));
  orgFile = join(workdir, 'org.yaml');
  writeFileSync(orgFile, orgYaml());
  const user = await kubectl(
    ['create', 'rolebinding', bindings[0]![0], '--clusterrole=view', `--user=${ALIAS}`, '-n', 'team-a'],
    admin,
  );
  expect(user.code, user.stderr).toBe(0);
  const group = await kubectl(
    ['create', 'rolebinding', bindings[1]![0], '--clusterrole=view', `--group=${GROUP}`, '-n', 'team-b'],
    admin,
  );
  expect(group.code, group.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await alice?.stop();
  await gateway?.stop();
  for (const [name, ns] of bindings)
    await kubectl(['delete', 'rolebinding', name, '-n', ns, '--ignore-not-found'], admin);
});

describe('identity aliases through the loopback listener (connect --foreground)', () => {
  it('whoami --json names each resource’s username and groups with their sources', async () => {
    const result = await runGatehouse(['whoami', '--json', '--org', orgFile, '--user', ALICE], workdir);
    expect(result.code, result.stderr).toBe(0);
    const me = JSON.parse(result.stdout) as Record<string, unknown>;
    // Today's keys stay, with their meaning (role-derived groups).
    expect(me).toMatchObject({
      email: ALICE,
      roles: [ROLE],
      groups: [`alias-test-${id}`, 'system:authenticated'],
      resources: ['staging', 'ldap'],
    });
    expect(me.identities).toEqual([
      {
        resource: 'staging',
        username: ALICE,
        usernameFrom: 'email',
        groups: [
          { name: `alias-test-${id}`, from: `role:${ROLE}` },
          { name: 'system:authenticated', from: 'always' },
        ],
        problem: null,
      },
      {
        resource: 'ldap',
        username: ALIAS,
        usernameFrom: 'alias:corp',
        groups: [
          { name: `alias-test-${id}`, from: `role:${ROLE}` },
          { name: GROUP, from: `rule:${ROLE}#2` },
          { name: 'system:authenticated', from: 'always' },
        ],
        problem: null,
      },
    ]);
  });

  it('kubectl through the alias resource is the alias (its RoleBinding lets them in) with the explicit group; the email resource is neither', async () => {
    alice = await connectForeground({ org: orgFile, user: ALICE, resources: ['staging', 'ldap'] });
    const viaAlias = { kubeconfig: alice.kubeconfigs.ldap!, version: '1.33' as const };
    const viaEmail = { kubeconfig: alice.kubeconfigs.staging!, version: '1.33' as const };

    // team-a: bound to the alias User only.
    const aliasPods = await kubectl(['get', 'pods', '-n', 'team-a', '-o', 'name'], viaAlias);
    expect(aliasPods.code, aliasPods.stderr).toBe(0);
    const event = await audit.waitFor(podsList(ALIAS, 'team-a'));
    expect(event.responseStatus?.code).toBe(200);
    expect(event.impersonatedUser?.groups).toEqual([`alias-test-${id}`, GROUP, 'system:authenticated']);

    // team-b: bound to the explicit group only, which the rule granting `ldap` adds.
    expect((await kubectl(['get', 'pods', '-n', 'team-b', '-o', 'name'], viaAlias)).code).toBe(0);
    expect((await audit.waitFor(podsList(ALIAS, 'team-b'))).responseStatus?.code).toBe(200);

    // Through `staging` the same person is their email, without the explicit group: both refused.
    const emailPods = await kubectl(['get', 'pods', '-n', 'team-a'], viaEmail);
    expect(emailPods.code).not.toBe(0);
    expect(emailPods.stderr).toContain(`User "${ALICE}" cannot list resource "pods"`);
    const emailEvent = await audit.waitFor(podsList(ALICE, 'team-a'));
    expect(emailEvent.responseStatus?.code).toBe(403);
    expect(emailEvent.impersonatedUser?.groups).toEqual([`alias-test-${id}`, 'system:authenticated']);
    expect((await kubectl(['get', 'pods', '-n', 'team-b'], viaEmail)).code).not.toBe(0);
  });

  it('a person without an alias cannot connect the alias resource (refused, exit 3), and is never sent as the email', async () => {
    const result = await runGatehouse(
      ['connect', 'ldap', '--foreground', '--org', orgFile, '--user', BOB],
      mkdtempSync(join(tmpdir(), 'gatehouse-home-')),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`cannot connect to resource "ldap": ${BOB} has no alias in identity set "corp"`);
    expect(
      audit.find((e) => e.impersonatedUser?.username === BOB && (e.impersonatedUser.groups ?? []).includes(GROUP)),
    ).toBeUndefined();
  });
});

describe('identity aliases through the gateway', () => {
  it('/v1/me lists the identities; /k8s/ldap is the alias with the explicit group; no alias → 403', async () => {
    const config = writeGatewayConfig({ dir: join(workdir, 'gateway'), org: orgFile, oidc: idp, groupsClaim: null });
    gateway = await startGateway(config, { name: 'aliases' });
    const token = (await signIn(idp, ALICE)).idToken;

    const me = await gatewayRequest(gateway.url, config.caPem, { path: '/v1/me', token });
    expect(me.status, me.body).toBe(200);
    const identities = (JSON.parse(me.body) as { identities: { resource: string; username: string }[] }).identities;
    expect(identities.map((i) => [i.resource, i.username])).toEqual([
      ['staging', ALICE],
      ['ldap', ALIAS],
    ]);

    const pods = await gatewayRequest(gateway.url, config.caPem, {
      path: '/k8s/ldap/api/v1/namespaces/team-a/pods',
      token,
    });
    expect(pods.status, pods.body).toBe(200);
    const auditId = String(pods.headers['audit-id']);
    const event = await audit.waitFor((e) => e.auditID === auditId && e.stage === 'ResponseComplete');
    expect(event.impersonatedUser).toEqual({
      username: ALIAS,
      groups: [`alias-test-${id}`, GROUP, 'system:authenticated'],
    });

    const viaEmail = await gatewayRequest(gateway.url, config.caPem, {
      path: '/k8s/staging/api/v1/namespaces/team-a/pods',
      token,
    });
    expect(viaEmail.status).toBe(403);
    const emailId = String(viaEmail.headers['audit-id']);
    const emailEvent = await audit.waitFor((e) => e.auditID === emailId && e.stage === 'ResponseComplete');
    expect(emailEvent.impersonatedUser).toEqual({
      username: ALICE,
      groups: [`alias-test-${id}`, 'system:authenticated'],
    });

    const bob = (await signIn(idp, BOB)).idToken;
    const refused = await gatewayRequest(gateway.url, config.caPem, {
      path: '/k8s/ldap/api/v1/namespaces/team-a/pods',
      token: bob,
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      kind: 'Status',
      code: 403,
      message: expect.stringContaining(`${BOB} has no alias in identity set "corp"`),
    });
    expect(refused.headers['audit-id']).toBeUndefined();
  });
});
