// `kubeconfig.update` through the handler table (what the app's dialog calls): the result says when
// the file was made private, and its diff hides every token.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeconfigUpdate } from '../../shared/api';
import { DEMO_ORG_YAML } from '../../shared/test-fixtures/demo-org';
import { createGatehouseApp } from './create-app';
import { appPaths } from '../platform/paths';
import { dispatch } from './handlers';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kubeconfig-api-'));
const { core, handlers } = createGatehouseApp(appPaths(join(dir, 'home')), { mode: 'agent' });

beforeAll(async () => {
  writeFileSync(join(dir, 'org.yaml'), DEMO_ORG_YAML);
  await core.signIn(join(dir, 'org.yaml'), 'alice@example.com');
});
afterAll(() => core.close());

async function update(request: { dryRun: boolean; path: string }): Promise<KubeconfigUpdate> {
  const result = await dispatch(handlers, 'kubeconfig.update', request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as KubeconfigUpdate;
}

describe('kubeconfig.update', { timeout: 30_000 }, () => {
  it('reports the tightening of a 0644 file (dry run and write) and never returns a token', async () => {
    const file = join(dir, 'config');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\nusers: [{name: me, user: {token: person-secret-flow}}]\n');
    chmodSync(file, 0o644);

    const preview = await update({ dryRun: true, path: file });
    expect(preview).toMatchObject({ written: false, backup: null, tightened: { from: '0644', to: '0600' } });
    expect(statSync(file).mode & 0o777).toBe(0o644);

    const written = await update({ dryRun: false, path: file });
    expect(written).toMatchObject({
      written: true,
      backup: `${file}.gatehouse.bak`,
      tightened: { from: '0644', to: '0600' },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.gatehouse.bak`).mode & 0o777).toBe(0o600);

    const config = parse(readFileSync(file, 'utf8')) as { users: Array<{ user: { token: string } }> };
    const tokens = config.users.map((u) => u.user.token);
    expect(tokens).toContain('person-secret-flow');
    for (const diff of [preview.diff, written.diff]) {
      expect(diff).toContain('gatehouse-staging');
      for (const token of tokens) expect(diff).not.toContain(token);
    }

    expect(await update({ dryRun: true, path: file })).toMatchObject({ diff: '', tightened: null });
  });
});
