// The demo org's alias-mode resource (SPEC §11, issue 14) on the real test cluster as the cluster
// seeds it: `payments` impersonates each person's alias in the identity set "contractors", and the
// rule of "Payments Engineers" granting it adds the explicit group payments-rw. On the demo as it
// is — no org of this test's own, no binding made here — `gatehouse whoami --json` names every
// resource's username and groups with their sources, and kubectl through `payments` (the loopback
// listener, and the gateway with a real ID token) is audited as frank's alias frank_c, never as his
// email, with the seed's RoleBindings (User frank_c, Group payments-rw) letting him in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog, type AuditEvent } from '../support/audit';
import { connectForeground, demoOrgCopy, runGatehouse, type ForegroundConnection } from '../support/gatehouse-cli';
import { startGateway, writeGatewayConfig, writeGatewayKubeconfig, type GatewayReplica } from '../support/gateway';
import { kubectl } from '../support/kubectl';
import { signIn } from '../support/oidc/tokens';

const cluster = inject('cluster');
const idp = inject('oidc');
const audit = auditLog(cluster.auditLog);
const FRANK = 'frank@example.com';
const FRANK_GROUPS = ['payments-engineers', 'payments-rw', 'system:authenticated'];

let workdir: string;
let org: string;
let frank: ForegroundConnection | undefined;
let gateway: GatewayReplica | undefined;

/** The cluster's audit event of a pods list in `payments` as frank_c, received after `since`. */
function podsListAsAlias(since: number): (e: AuditEvent) => boolean {
  return (e) =>
    e.stage === 'ResponseComplete' &&
    e.verb === 'list' &&
    e.objectRef?.resource === 'pods' &&
    e.objectRef.namespace === 'payments' &&
    e.impersonatedUser?.username === 'frank_c' &&
    Date.parse(e.requestReceivedTimestamp) >= since - 1000;
}

beforeAll(() => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-demo-alias-'));
  org = demoOrgCopy(cluster.dir, workdir);
});

afterAll(async () => {
  await frank?.stop();
  await gateway?.stop();
});

describe('the demo org’s alias-mode resource', () => {
  it('whoami --json names each resource’s username and groups with their sources (frank: the alias; alice: her email)', async () => {
    const asFrank = await runGatehouse(['whoami', '--json', '--org', org, '--user', FRANK], workdir);
    expect(asFrank.code, asFrank.stderr).toBe(0);
    expect(JSON.parse(asFrank.stdout)).toMatchObject({
      email: FRANK,
      name: 'Frank Contractor',
      roles: ['Payments Engineers'],
      groups: ['payments-engineers', 'system:authenticated'],
      resources: ['payments'],
      identities: [
        {
          resource: 'payments',
          username: 'frank_c',
          usernameFrom: 'alias:contractors',
          groups: [
            { name: 'payments-engineers', from: 'role:Payments Engineers' },
            { name: 'payments-rw', from: 'rule:Payments Engineers#1' },
            { name: 'system:authenticated', from: 'always' },
          ],
          problem: null,
        },
      ],
    });

    const asAlice = await runGatehouse(['whoami', '--json', '--org', org, '--user', 'alice@example.com'], workdir);
    expect(asAlice.code, asAlice.stderr).toBe(0);
    const identities = (JSON.parse(asAlice.stdout) as { identities: Record<string, unknown>[] }).identities;
    expect(identities.map((i) => [i.resource, i.username, i.usernameFrom])).toEqual([
      ['staging', 'alice@example.com', 'email'],
      ['prod', 'alice@example.com', 'email'],
    ]);
  });

  it('kubectl 1.33 through payments (connect --foreground) is audited as frank_c with the explicit group; the seed’s bindings let him in', async () => {
    frank = await connectForeground({ org, user: FRANK, resources: ['payments'] });
    const since = Date.now();
    const pods = await kubectl(['get', 'pods', '-n', 'payments', '-o', 'name'], {
      kubeconfig: frank.kubeconfigs.payments!,
      version: '1.33',
    });
    expect(pods.code, pods.stderr).toBe(0);
    expect(pods.stdout.trim()).toBe('pod/ledger');
    const event = await audit.waitFor(podsListAsAlias(since));
    expect(event.user.username).toBe('gatehouse-leased');
    expect(event.impersonatedUser).toEqual({ username: 'frank_c', groups: FRANK_GROUPS });
    expect(event.responseStatus?.code).toBe(200);
    // Never his email, on any request since.
    expect(
      audit.find(
        (e) => e.impersonatedUser?.username === FRANK && Date.parse(e.requestReceivedTimestamp) >= since - 1000,
      ),
    ).toBeUndefined();
    // What the bindings allow there and nowhere else: payments-rw edits payments; team-a is not his.
    const canI = await kubectl(['auth', 'can-i', 'create', 'configmaps', '-n', 'payments'], {
      kubeconfig: frank.kubeconfigs.payments!,
    });
    expect(canI.stdout.trim()).toBe('yes');
    const elsewhere = await kubectl(['get', 'pods', '-n', 'team-a'], { kubeconfig: frank.kubeconfigs.payments! });
    expect(elsewhere.stderr).toContain('User "frank_c" cannot list resource "pods"');
  });

  it('kubectl 1.33 straight to the gateway’s /k8s/payments with frank’s real ID token is audited as frank_c', async () => {
    const config = writeGatewayConfig({ dir: join(workdir, 'gateway'), org, oidc: idp });
    gateway = await startGateway(config, { name: 'demo-alias' });
    const token = (await signIn(idp, FRANK)).idToken;
    const kubeconfig = writeGatewayKubeconfig(join(workdir, 'gateway.kubeconfig'), {
      gatewayUrl: gateway.url,
      resource: 'payments',
      caPem: config.caPem,
      token,
    });
    const since = Date.now();
    const pods = await kubectl(['get', 'pods', '-n', 'payments', '-o', 'name'], { kubeconfig, version: '1.33' });
    expect(pods.code, pods.stderr).toBe(0);
    expect(pods.stdout.trim()).toBe('pod/ledger');
    // The gateway's own audit line names the cluster's Audit-Id: that event, and no other (the test
    // before listed the same pods as frank_c a moment ago), is this request.
    const line = await gateway.waitForAudit((l) => l.resource === 'payments' && l.verb === 'list' && l.status === 200);
    expect(line).toMatchObject({ person: 'frank_c' });
    const event = await audit.waitFor((e) => e.auditID === line.auditId && podsListAsAlias(since)(e));
    expect(event.impersonatedUser).toEqual({ username: 'frank_c', groups: FRANK_GROUPS });
  });
});
