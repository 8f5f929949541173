// The admin mapping preview against the real test cluster: the bindings it shows per role are
// exactly what `kubectl get clusterrolebindings,rolebindings -A -o json` says, and every cell of
// every demo user's can-i matrix agrees with `kubectl auth can-i --as … --as-group …` run by the
// cluster admin — as the identity sent on that resource (SPEC §11: on the alias-mode `payments`,
// frank is his alias frank_c with the explicit group payments-rw).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mapLimit } from '../../app/domain/admin/map-limit';
import { rolesPreviewWithBindings } from '../../app/domain/admin/preview/roles-preview-with-bindings';
import { usersAccessPreview } from '../../app/domain/admin/preview/user-access-preview';
import { loadOrg } from '../../app/domain/org/load';
import type { CanICell, CanIResource, RolesPreviewWithBindings, UsersAccessPreview } from '../../shared/admin';
import { identityFor, rolesPreview, type Org } from '../../shared/org';
import { kubectl, kubectlPath } from '../support/kubectl';

const cluster = inject('cluster');
const KUBECTL_CONCURRENCY = 6;
let demo: Org;

interface KubectlBinding {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  metadata: { name: string; namespace?: string };
  roleRef: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string }>;
}

/**
 * `kubectl auth can-i` as the cluster admin. Spawned here with stdin closed from the start: with
 * hundreds of short runs, support/kubectl.ts's write to stdin can race kubectl's exit (EPIPE).
 */
function canI(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      kubectlPath('1.33'),
      ['auth', 'can-i', ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), KUBECONFIG: cluster.adminKubeconfig } },
      (error, stdout, stderr) => {
        // Exit code 1 is kubectl's "no"; anything else without output is a real failure.
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    ).stdin?.end();
  });
}

async function adminKubectl(args: string[]): Promise<string> {
  const r = await kubectl(args, { kubeconfig: cluster.adminKubeconfig });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** `kind namespace/name -> roleKind/roleName` for every binding naming the group, as the admin sees them. */
function kubectlBindingsOf(items: readonly KubectlBinding[], group: string): string[] {
  return items
    .filter((b) => (b.subjects ?? []).some((s) => s.kind === 'Group' && s.name === group))
    .map((b) => `${b.kind} ${b.metadata.namespace ?? '-'}/${b.metadata.name} -> ${b.roleRef.kind}/${b.roleRef.name}`)
    .sort();
}

beforeAll(async () => {
  const workdir = mkdtempSync(join(tmpdir(), 'gatehouse-admin-preview-'));
  const file = join(workdir, 'org.yaml');
  writeFileSync(file, readFileSync(cluster.org, 'utf8').replaceAll('./leased', `${cluster.dir}/leased`));
  demo = (await loadOrg(file)).org;
});

describe('roles preview with bindings', () => {
  let preview: RolesPreviewWithBindings;
  let admin: KubectlBinding[];

  beforeAll(async () => {
    [preview, admin] = await Promise.all([
      rolesPreviewWithBindings(demo),
      adminKubectl(['get', 'clusterrolebindings,rolebindings', '-A', '-o', 'json']).then(
        (out) => (JSON.parse(out) as { items: KubectlBinding[] }).items,
      ),
    ]);
  });

  it('keeps the SPEC fields of `roles preview --json` and adds bindings per resource', () => {
    const withoutBindings = preview.roles.map((role) => {
      const mapping: Partial<typeof role> = { ...role };
      delete mapping.bindings;
      return mapping;
    });
    expect(withoutBindings).toEqual(rolesPreview(demo).roles);
    for (const role of preview.roles) {
      if (role.status === 'invalid') expect(role.bindings).toEqual([]);
      else
        expect(role.bindings.map((b) => [b.resource, b.error])).toEqual([
          ['staging', null],
          ['prod', null],
          ['payments', null],
        ]);
    }
  });

  it('shows, for every group and resource, exactly the bindings kubectl lists', () => {
    let compared = 0;
    for (const role of preview.roles) {
      for (const perResource of role.bindings) {
        const shown = perResource.bindings
          .map((b) => `${b.kind} ${b.namespace ?? '-'}/${b.name} -> ${b.roleRef.kind}/${b.roleRef.name}`)
          .sort();
        expect(shown, `${role.role} on ${perResource.resource}`).toEqual(kubectlBindingsOf(admin, role.group!));
        compared++;
      }
    }
    expect(compared).toBe(3 * 7); // seven sendable roles (Platform Team twice), three resources
  });

  it('summarises what each binding grants', () => {
    const engineering = preview.roles.find((r) => r.role === 'Engineering')!.bindings[0]!.bindings;
    expect(engineering.find((b) => b.name === 'engineering-secret-reader')).toEqual({
      kind: 'ClusterRoleBinding',
      name: 'engineering-secret-reader',
      namespace: null,
      roleRef: { kind: 'ClusterRole', name: 'secret-reader' },
      roleStatus: 'found',
      rules: ['get, list, watch secrets'],
    });
    const sre = preview.roles.find((r) => r.role === 'SRE On-Call')!.bindings[1]!.bindings;
    expect(sre).toEqual([
      {
        kind: 'RoleBinding',
        name: 'sre-on-call-pod-operator',
        namespace: 'team-a',
        roleRef: { kind: 'Role', name: 'pod-operator' },
        roleStatus: 'found',
        rules: [
          'get, list, watch pods, pods/log',
          'get, create pods/exec, pods/attach, pods/portforward',
          'get, list, watch, create, update, patch, delete configmaps',
        ],
      },
    ]);
    expect(preview.roles.find((r) => r.role === 'Data.Science')!.bindings.map((b) => b.bindings)).toEqual([[], [], []]);
  });
});

describe('can-i matrix', () => {
  let access: UsersAccessPreview;

  beforeAll(async () => {
    access = await usersAccessPreview(demo);
  }, 120_000);

  // `kubectl auth can-i VERB pods/x` would ask about the pod NAMED x: subresources go in --subresource.
  const kubectlResource = (r: CanIResource): string[] => [
    `${r.resource}${r.group ? `.${r.group}` : ''}`,
    ...(r.subresource ? [`--subresource=${r.subresource}`] : []),
  ];

  it('covers every assigned resource of every user, with namespaces chosen from the cluster', () => {
    expect(access.users.map((u) => [u.email, u.access.map((a) => a.resource)])).toEqual([
      ['alice@example.com', ['staging', 'prod']],
      ['bob@example.com', ['staging']],
      ['carol@example.com', ['staging']],
      ['dave@example.com', ['staging']],
      ['erin@example.com', ['staging', 'prod']],
      ['frank@example.com', ['payments']],
    ]);
    const staging = access.users[0]!.access[0]!.canI!;
    // The health-check namespace first, then namespaces whose RoleBindings name the org's groups
    // (payments: payments-engineers).
    expect(staging.namespaces.slice(0, 4)).toEqual([null, 'team-a', 'payments', 'team-b']);
    expect(staging.namespaces.length).toBeLessThanOrEqual(7);
    expect(access.users.flatMap((u) => u.access.map((a) => a.error))).toEqual(Array(8).fill(null));
    // The alias-mode resource's health-check namespace first.
    expect(access.users.find((u) => u.email === 'frank@example.com')!.access[0]!.canI!.namespaces[1]).toBe('payments');
  });

  it('shows what the demo intends: secrets for engineering, exec for SRE in team-a only, nothing from the reserved group', () => {
    const cell = (email: string, resource: string, verb: string, namespace: string | null): CanICell | undefined =>
      access.users
        .find((u) => u.email === email)!
        .access[0]!.canI!.cells.find((c) => c.resource === resource && c.verb === verb && c.namespace === namespace);
    expect(cell('alice@example.com', 'secrets', 'get', 'team-a')?.allowed).toBe(true);
    expect(cell('alice@example.com', 'pods/exec', 'create', 'team-a')?.allowed).toBe(true);
    expect(cell('alice@example.com', 'pods/exec', 'create', 'team-b')?.allowed).toBe(false);
    expect(cell('bob@example.com', 'deployments.apps', 'create', 'team-b')?.allowed).toBe(true);
    expect(cell('bob@example.com', 'deployments.apps', 'create', 'team-a')?.allowed).toBe(false);
    expect(cell('carol@example.com', 'pods', 'list', 'team-a')?.allowed).toBe(false);
    expect(cell('dave@example.com', 'secrets', 'get', null)?.allowed).toBe(false);
    expect(cell('dave@example.com', 'namespaces', 'delete', null)?.allowed).toBe(false);
    // frank on payments is frank_c with payments-rw: that group's "edit" lets him write there, only there.
    expect(cell('frank@example.com', 'pods', 'list', 'payments')?.allowed).toBe(true);
    expect(cell('frank@example.com', 'deployments.apps', 'create', 'payments')?.allowed).toBe(true);
    expect(cell('frank@example.com', 'pods', 'list', 'team-a')?.allowed).toBe(false);
  });

  it('agrees with `kubectl auth can-i --as … --as-group …` (admin, real kubectl) in every cell', async () => {
    const checks = access.users.flatMap((user) =>
      user.access.flatMap((a) =>
        a.canI!.cells.map((cell) => ({
          user,
          on: a.resource,
          cell,
          resource: a.canI!.resources.find((r) => r.label === cell.resource)!,
        })),
      ),
    );
    const answers = await mapLimit(checks, KUBECTL_CONCURRENCY, async ({ user, on, cell, resource }) => {
      const where = cell.namespace === null ? ['--all-namespaces'] : ['-n', cell.namespace];
      // Who the proxy is on this resource: the alias on payments, the email elsewhere.
      const sent = identityFor(demo, user.email)!.identities.find((i) => i.resource === on)!;
      const asUser = ['--as', sent.username!, ...sent.groups.flatMap((g) => ['--as-group', g.name])];
      const r = await canI([cell.verb, ...kubectlResource(resource), ...where, ...asUser]);
      const said = r.stdout.trim();
      if (said !== 'yes' && said !== 'no') throw new Error(`unexpected kubectl answer ${JSON.stringify(r)}`);
      return said === 'yes';
    });
    const disagreements = checks
      .filter((check, i) => check.cell.allowed !== answers[i])
      .map(
        ({ user, on, cell }) =>
          `${user.email} on ${on}: ${cell.verb} ${cell.resource} in ${cell.namespace ?? '(all)'}: matrix ${cell.allowed}`,
      );
    expect(disagreements).toEqual([]);
    expect(checks.length).toBeGreaterThan(7 * 100);
    expect(answers.filter(Boolean).length).toBeGreaterThan(50); // not a matrix of "no"s
  }, 300_000);
});
