// The app as a person uses it, against the real test cluster — the same flows drive browser mode
// (e2e/ui) and the Electron window (e2e/electron): sign in as a demo
// user, see exactly the assigned resources, connect, update the kubeconfig through the UI, use real
// kubectl through it (the cluster's audit log names the user), the tray's actions through the API,
// disconnect, the admin view, an identity alias (SPEC §11), and a bad org file. Screens are saved in
// light and dark.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { ApiResult, GatehouseApi } from '../../../shared/api';
import { auditLog } from '../../support/audit';
import { kubectl } from '../../support/kubectl';
import { expect } from '@playwright/test';

/** Where the app under test is: its page, and the files the flows look at. */
export interface AppUnderTest {
  page: Page;
  /** Brings the app to its first screen (a fresh page load in browser mode; nothing in Electron). */
  open(): Promise<void>;
  home: string;
  org: string;
  kubeconfig: string;
  auditLog: string;
}

const SHOTS = join('test-results', 'screenshots');

/** Saves the screen in light and dark, as a test artifact. */
async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`), fullPage: false });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Calls the API the way the tray menu does (same handler table), from the page. */
function invoke(page: Page, channel: string, request: unknown): Promise<ApiResult<unknown>> {
  return page.evaluate(
    ([c, r]) =>
      (globalThis as unknown as { gatehouse: GatehouseApi }).gatehouse.invoke(c as 'app.info', r as undefined),
    [channel, request] as const,
  );
}

async function signIn(app: AppUnderTest, who: RegExp): Promise<void> {
  const { page } = app;
  await app.open();
  await page.getByRole('button', { name: 'Use the demo organisation' }).click();
  await page.getByRole('radio', { name: who }).check();
  // Exact: "Sign in with your organisation" (gateway mode) is on the same screen.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Resources' })).toBeVisible();
}

/** Sign in as alice, connect, update kubectl configuration, use kubectl as her; tray actions; disconnect. */
export async function mainFlow(app: AppUnderTest): Promise<void> {
  const { page } = app;
  const gatehouse = app;
  await app.open();
  await expect(page.getByRole('button', { name: 'Use the demo organisation' })).toBeVisible();
  await screenshots(page, 'sign-in');
  await signIn(app, /alice@example\.com/);

  // Exactly the resources the org assigns to alice.
  const grid = page.getByRole('grid', { name: 'Resources' });
  await expect(grid.getByRole('row').filter({ has: page.getByRole('switch') })).toHaveCount(2);
  await expect(grid.getByRole('row', { name: 'staging', exact: true })).toBeVisible();
  await expect(grid.getByRole('row', { name: 'prod', exact: true })).toBeVisible();

  await page.getByRole('switch', { name: 'Connect staging' }).click();
  await expect(page.getByRole('switch', { name: 'Connect staging' })).toBeChecked();
  await expect(grid.getByRole('row', { name: 'staging', exact: true })).toContainText(/healthy/i);
  await screenshots(page, 'resources');

  await grid.getByRole('row', { name: 'staging', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'staging' })).toBeVisible();
  await expect(page.getByText('kubectl --context staging get pods')).toBeVisible();
  await screenshots(page, 'resource-detail');

  // Update kubectl configuration: preview the diff, write, see the report.
  await page.getByRole('button', { name: 'Update kubectl configuration' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Update kubectl configuration' });
  await expect(dialog).toContainText('+- name: gatehouse-staging');
  await expect(dialog).toContainText('+    token: <hidden>');
  await screenshots(page, 'update-kubeconfig');
  await dialog.getByRole('button', { name: 'Write' }).click();
  await expect(dialog).toContainText(gatehouse.kubeconfig);
  await dialog.getByRole('button', { name: 'Done' }).click();
  const written = readFileSync(gatehouse.kubeconfig, 'utf8');
  expect(written).toContain('name: gatehouse-staging');
  expect(written).toContain('name: gatehouse-prod');

  // Real kubectl through the proxy; the cluster's audit log names alice.
  const since = Date.now();
  const r = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-o', 'name'], {
    kubeconfig: gatehouse.kubeconfig,
  });
  expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['pod/web', 'pod/worker']));
  const event = await auditLog(gatehouse.auditLog).waitFor(
    (e) =>
      e.impersonatedUser?.username === 'alice@example.com' &&
      e.objectRef?.namespace === 'team-a' &&
      Date.parse(e.requestReceivedTimestamp) >= since - 1000,
  );
  expect(event.user.username).toBe('gatehouse-leased');
  expect(event.impersonatedUser?.groups).toEqual(['engineering', 'sre-on-call', 'system:authenticated']);

  // The tray's actions, through the same API: connect all, then disconnect all.
  expect(await invoke(page, 'connections.connect', { all: true })).toMatchObject({ ok: true });
  await expect(page.getByRole('switch', { name: 'Connect prod' })).toBeChecked();
  expect(await invoke(page, 'connections.disconnect', { all: true })).toMatchObject({ ok: true });
  await expect(page.getByRole('switch', { name: 'Connect staging' })).not.toBeChecked();
  await expect(page.getByRole('switch', { name: 'Connect prod' })).not.toBeChecked();
  const refused = await kubectl(['--context', 'staging', 'get', 'pods'], { kubeconfig: gatehouse.kubeconfig });
  expect(refused.stderr).toContain('was refused');

  // Activity shows alice's requests.
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  await expect(page.getByText('/api/v1/namespaces/team-a/pods').first()).toBeVisible();
  await screenshots(page, 'activity');

  await page.getByRole('link', { name: 'Identity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Identity' })).toBeVisible();
  await expect(page.getByText('sre-on-call', { exact: true }).first()).toBeVisible();
  await screenshots(page, 'identity');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await screenshots(page, 'settings');
}

/**
 * SPEC §11: frank's one resource, payments, impersonates his alias in the identity set contractors.
 * The resource detail and the identity screen say so — username frank_c from the alias, the
 * explicit group payments-rw from the rule granting payments, his email nowhere — and kubectl
 * through it is audited as frank_c with exactly those groups.
 */
export async function aliasFlow(app: AppUnderTest): Promise<void> {
  const { page } = app;
  await signIn(app, /frank@example\.com/);
  const grid = page.getByRole('grid', { name: 'Resources' });
  await expect(grid.getByRole('row').filter({ has: page.getByRole('switch') })).toHaveCount(1);
  await page.getByRole('switch', { name: 'Connect payments' }).click();
  await expect(page.getByRole('switch', { name: 'Connect payments' })).toBeChecked();
  // The health check lists pods in the payments namespace as frank_c: bound to him there.
  await expect(grid.getByRole('row', { name: 'payments', exact: true })).toContainText(/healthy/i);

  await grid.getByRole('row', { name: 'payments', exact: true }).click();
  const here = page.getByRole('region', { name: 'payments' }).getByRole('region', { name: 'Your identity here' });
  await expect(here).toContainText('Requests reach the cluster as frank_c (your alias in identity set contractors)');
  const sent = here.getByRole('list', { name: 'Sent to payments' }).getByRole('listitem');
  await expect(sent).toHaveCount(3);
  await expect(sent.nth(0)).toContainText('payments-engineers');
  await expect(sent.nth(0)).toContainText('from role Payments Engineers');
  await expect(sent.nth(1)).toContainText('payments-rw');
  await expect(sent.nth(1)).toContainText('explicit group of rule 1 of role Payments Engineers');
  await expect(sent.nth(2)).toContainText('system:authenticated');
  await expect(here).not.toContainText('frank@example.com');
  await screenshots(page, 'resource-detail-alias');

  await page.getByRole('button', { name: 'Update kubectl configuration' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Update kubectl configuration' });
  await expect(dialog).toContainText('+- name: gatehouse-payments');
  await dialog.getByRole('button', { name: 'Write' }).click();
  await expect(dialog).toContainText(app.kubeconfig);
  await dialog.getByRole('button', { name: 'Done' }).click();

  const since = Date.now();
  const r = await kubectl(['--context', 'payments', 'get', 'pods', '-n', 'payments', '-o', 'name'], {
    kubeconfig: app.kubeconfig,
  });
  expect(r.stdout.trim(), r.stderr).toBe('pod/ledger');
  const event = await auditLog(app.auditLog).waitFor(
    (e) =>
      e.impersonatedUser?.username === 'frank_c' &&
      e.objectRef?.resource === 'pods' &&
      e.objectRef.namespace === 'payments' &&
      Date.parse(e.requestReceivedTimestamp) >= since - 1000,
  );
  expect(event.user.username).toBe('gatehouse-leased');
  expect(event.responseStatus?.code).toBe(200);
  expect(event.impersonatedUser?.groups).toEqual(['payments-engineers', 'payments-rw', 'system:authenticated']);

  await page.getByRole('link', { name: 'Identity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Identity' })).toBeVisible();
  const perResource = page.getByRole('region', { name: 'Per resource' });
  await expect(perResource.getByRole('heading', { level: 3, name: 'payments' })).toBeVisible();
  await expect(perResource).toContainText(
    'Requests reach the cluster as frank_c (your alias in identity set contractors)',
  );
  await expect(perResource.getByRole('list', { name: 'Sent to payments' })).toContainText('payments-rw');
  await screenshots(page, 'identity-alias');
}

/** The admin view shows the demo's collision, reserved name and unbound group. */
export async function adminFlow(app: AppUnderTest): Promise<void> {
  const { page } = app;
  await signIn(app, /erin@example\.com/);
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
  const table = page.getByRole('table').first();
  await expect(table.getByRole('row').filter({ hasText: 'Platform Team' }).first()).toContainText(/collision/i);
  await expect(table.getByRole('row').filter({ hasText: 'System:Masters' }).first()).toContainText(/invalid/i);
  await expect(table.getByRole('row').filter({ hasText: 'Data.Science' }).first()).toContainText(
    /no bindings|no binding/i,
  );
  await screenshots(page, 'admin-roles');
  await page.getByRole('tab', { name: 'RBAC YAML' }).click();
  await expect(page.getByText('kind: ClusterRole', { exact: false }).first()).toBeVisible();
  await screenshots(page, 'admin-rbac');
}

/** A bad org file shows its error, naming file, path and line. */
export async function badOrgFlow(app: AppUnderTest): Promise<void> {
  const { page } = app;
  const bad = join(app.home, 'bad-org.yaml');
  writeFileSync(bad, readFileSync(app.org, 'utf8').replace('roles: [Developers]', 'roles: [Developpers]'));
  await app.open();
  await page.getByRole('textbox', { name: 'Organisation file' }).fill(bad);
  await page.getByRole('button', { name: 'Load users' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`org file ${bad}`);
  await expect(alert).toContainText('users[1].roles[0] (line 11, col 13): role "Developpers" is not defined in roles');
  await screenshots(page, 'sign-in-error');
}
