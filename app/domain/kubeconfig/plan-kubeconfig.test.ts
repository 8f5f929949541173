// Specific behaviours of the planner that the corpus does not pin down one by one.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KubeconfigClashError, KubeconfigShapeError } from './errors';
import { planKubeconfig } from './plan-kubeconfig';
import { desired, expectGatehouseEntries, TEST_CA_PEM } from './testing/fixtures';

const BASE = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example.com
users:
- name: prod
  user:
    token: prod
contexts:
- name: prod
  context:
    cluster: prod
    user: prod
current-context: prod
`;

const staging = desired('staging', 16400);
const dev = desired('dev', 16401);

function contextOf(text: string, name: string): Record<string, unknown> | undefined {
  const config = parse(text, { version: '1.1' }) as { contexts?: Array<{ name: string; context: Record<string, unknown> }> };
  return config.contexts?.find((c) => c.name === name)?.context;
}

describe('planKubeconfig', () => {
  it('leaves a missing file missing when there is nothing to add', () => {
    expect(planKubeconfig(undefined, [])).toEqual({ text: '', changed: false, added: [], updated: [], removed: [], unchanged: [] });
  });

  it('creates a fresh Config document for a missing file', () => {
    const plan = planKubeconfig(undefined, [staging]);
    expect(plan.text.startsWith('apiVersion: v1\nkind: Config\n')).toBe(true);
    expectGatehouseEntries(plan.text, [staging]);
  });

  it('leaves current-context alone unless asked', () => {
    const plan = planKubeconfig(BASE, [staging]);
    expect(plan.text).toContain('current-context: prod\n');
    expect(planKubeconfig(BASE, [staging], { useContext: 'staging' }).text).toContain('current-context: staging\n');
  });

  it('adds current-context when the file has none and one is asked for', () => {
    const plan = planKubeconfig(BASE.replace('current-context: prod\n', ''), [staging], { useContext: 'staging' });
    expect(plan.text.endsWith('current-context: staging\n')).toBe(true);
  });

  it('refuses to use a context that is not assigned', () => {
    expect(() => planKubeconfig(BASE, [staging], { useContext: 'prod' })).toThrow(/not one of the assigned resources/);
  });

  it('rejects duplicate resources and bad ports', () => {
    expect(() => planKubeconfig(BASE, [staging, staging])).toThrow(/listed twice/);
    expect(() => planKubeconfig(BASE, [desired('x', 70000)])).toThrow(/not a TCP port/);
  });

  it('updates an owned entry in place when the port, token or CA changed', () => {
    const first = planKubeconfig(BASE, [staging, dev]).text;
    const moved = { ...staging, port: 16500, token: 'rotated' };
    const plan = planKubeconfig(first, [moved, dev]);
    expect(plan).toMatchObject({ updated: ['staging'], unchanged: ['dev'], added: [], removed: [] });
    expectGatehouseEntries(plan.text, [moved, dev]);
    // Same place in each list: staging still comes before dev.
    expect(plan.text.indexOf('gatehouse-staging')).toBeLessThan(plan.text.indexOf('gatehouse-dev'));
    const rotatedCa = { ...dev, caPem: TEST_CA_PEM.replace('fake', 'next') };
    expect(planKubeconfig(plan.text, [moved, rotatedCa]).updated).toEqual(['dev']);
  });

  it("keeps the namespace someone set on Gatehouse's context", () => {
    const first = planKubeconfig(BASE, [staging]).text;
    const withNamespace = first.replace('  context:\n    cluster: gatehouse-staging\n', '  context:\n    namespace: team-a\n    cluster: gatehouse-staging\n');
    const plan = planKubeconfig(withNamespace, [{ ...staging, port: 16555 }]);
    expect(plan.updated).toEqual(['staging']);
    expect(contextOf(plan.text, 'staging')).toMatchObject({ namespace: 'team-a', cluster: 'gatehouse-staging' });
  });

  it('removes owned entries of resources no longer assigned, and only those', () => {
    const first = planKubeconfig(BASE, [staging, dev]).text;
    const plan = planKubeconfig(first, [dev]);
    expect(plan).toMatchObject({ removed: ['staging'], unchanged: ['dev'] });
    expect(plan.text).not.toContain('staging');
    expect(planKubeconfig(first, []).text).toBe(BASE);
  });

  it('does not own an entry by its name alone, nor by an extension naming another resource', () => {
    const handMade = BASE.replace('- name: prod\n  cluster:', '- name: gatehouse-old\n  cluster:\n    server: http://127.0.0.1:1\n- name: prod\n  cluster:');
    expect(planKubeconfig(handMade, []).changed).toBe(false);
    const first = planKubeconfig(BASE, [staging]).text;
    const renamed = first.replace('- name: gatehouse-staging\n  cluster:', '- name: gatehouse-other\n  cluster:');
    const plan = planKubeconfig(renamed, []);
    expect(plan.text).toContain('name: gatehouse-other');
    expect(plan.removed).toEqual(['staging']);
  });

  it('lists every clash and changes nothing without force', () => {
    const foreign = `${BASE}`.replace(/name: prod/g, 'name: staging').replace('- name: staging\n  cluster:', '- name: gatehouse-staging\n  cluster:');
    let error: unknown;
    try {
      planKubeconfig(foreign, [staging]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeconfigClashError);
    expect((error as KubeconfigClashError).clashes.map((c) => `${c.kind}:${c.name}`)).toEqual(['cluster:gatehouse-staging', 'context:staging']);
  });

  it('with force takes over a foreign context and keeps its namespace', () => {
    const foreign = BASE.replace('- name: prod\n  context:\n    cluster: prod', '- name: staging\n  context:\n    namespace: shop\n    cluster: prod');
    const plan = planKubeconfig(foreign, [staging], { force: true });
    expect(contextOf(plan.text, 'staging')).toMatchObject({ cluster: 'gatehouse-staging', namespace: 'shop' });
    expect(planKubeconfig(plan.text, [staging]).changed).toBe(false);
  });

  it('quotes resource names that YAML 1.1 would read as something else', () => {
    const names = ['on', 'no', 'y', '0777', '123', 'true', '1e3'];
    const entries = names.map((name, i) => desired(name, 17000 + i));
    const plan = planKubeconfig(BASE, entries);
    expectGatehouseEntries(plan.text, entries);
    for (const name of names) expect(plan.text).toContain(`- name: "${name}"`);
    expect(planKubeconfig(plan.text, entries).changed).toBe(false);
  });

  it('removes owned items anywhere in a flow list, keeping foreign items and commas right', () => {
    const flow = 'apiVersion: v1\nclusters: []\nusers: []\ncontexts: [{name: a, context: {cluster: a, user: a}}]\n';
    const all = planKubeconfig(flow, [staging, dev, desired('qa', 16402)]).text;
    for (const kept of [[staging], [dev], [desired('qa', 16402)], [staging, desired('qa', 16402)], []]) {
      const plan = planKubeconfig(all, kept);
      expect(plan.text.includes('{name: a, context: {cluster: a, user: a}}')).toBe(true);
      expectGatehouseEntries(plan.text, kept);
      expect(planKubeconfig(plan.text, kept).changed).toBe(false);
    }
    expect(planKubeconfig(all, []).text).toBe(flow);
  });

  it('drops duplicate owned entries so one of each is left', () => {
    const first = planKubeconfig(BASE, [staging]).text;
    const userItem = /- name: gatehouse-staging\n {2}user:\n(?: {4}.*\n)+/.exec(first)?.[0] ?? '';
    const doubled = first.replace(userItem, userItem + userItem.replace('token-staging', 'stale'));
    const plan = planKubeconfig(doubled, [staging]);
    expect(plan.updated).toEqual(['staging']);
    expect(plan.text.match(/name: gatehouse-staging/g)).toHaveLength(2); // one cluster, one user
    expect(plan.text).not.toContain('stale');
  });

  it('refuses to replace an item whose anchor an alias elsewhere uses', () => {
    const anchored = BASE.replace('- name: prod\n  context:\n    cluster: prod\n    user: prod', '- name: staging\n  context: &shared\n    cluster: prod\n    user: prod\n- name: prod\n  context: *shared');
    expect(() => planKubeconfig(anchored, [staging], { force: true })).toThrow(KubeconfigShapeError);
    expect(() => planKubeconfig(anchored, [staging], { force: true })).toThrow(/&shared/);
  });

  it('reports a list that is not a list, with its position', () => {
    expect(() => planKubeconfig('apiVersion: v1\nusers: {a: 1}\n', [staging])).toThrow('kubeconfig:2:8: not a kubeconfig Gatehouse can update: "users" must be a list, found a mapping');
    expect(() => planKubeconfig('- a\n- b\n', [staging])).toThrow(/top level must be a mapping/);
  });

  it('edits a flow top level (JSON) and keeps it JSON', () => {
    const json = '{"apiVersion": "v1", "kind": "Config"}\n';
    const plan = planKubeconfig(json, [staging], { useContext: 'staging' });
    expect(() => JSON.parse(plan.text) as unknown).not.toThrow();
    expectGatehouseEntries(plan.text, [staging]);
    expect(planKubeconfig('{}\n', [staging]).text.startsWith('{"clusters": ')).toBe(true);
  });

  it('fills `clusters:` with no value and keeps the comment after `null`', () => {
    const plan = planKubeconfig('apiVersion: v1\nclusters: null # none yet\nusers:\ncontexts: ~\n', [staging]);
    expect(plan.text).toContain('clusters: # none yet\n- name: gatehouse-staging\n');
    expect(plan.text).toContain('users:\n- name: gatehouse-staging\n');
    expectGatehouseEntries(plan.text, [staging]);
  });

  it('indents new items like the existing list', () => {
    const indented = 'apiVersion: v1\nclusters:\n  - name: a\n    cluster:\n      server: https://a\n';
    const plan = planKubeconfig(indented, [staging]);
    expect(plan.text).toContain('\n  - name: gatehouse-staging\n    cluster:\n');
    expect(plan.text).toContain('\n      extensions:\n        - name: gatehouse.dev/owned\n');
  });
});
