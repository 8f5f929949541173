// Gateway mode end to end in browser mode (SPEC §10, issue 12): a person signs in with their
// organisation at the real test OpenID provider's own login page, sees exactly what the gateway
// assigns them, connects, updates a kubeconfig through the UI, and real kubectl 1.33 works
// through loopback → gateway → cluster as that person (the cluster's audit log names them); signed
// out, the same kubectl gets the 401 Status telling it to run "gatehouse login". Neither the
// signed-in screens (their DOM, so their screenshots) nor the kubeconfig hold the ID token.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { auditLog } from '../support/audit';
import { runGatehouse } from '../support/gatehouse-cli';
import { kubectl } from '../support/kubectl';
import { expect, test, type GatewayDesktop } from './support/gateway-stack';

// The IdP serves HTTPS with a private CA the system Chromium does not trust, and Playwright cannot
// relax certificate checks for one page only: the whole context ignores HTTPS errors. That costs
// nothing here: the app's own page is plain http on loopback, and the desktop host (not the
// browser) verifies the gateway and the IdP against the CA file the person gives it.
test.use({ ignoreHTTPSErrors: true });

const SHOTS = join('test-results', 'screenshots');
/** Any JWT (header.payload.signature, base64url, a JSON header starts "eyJ"). */
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The ID token the host holds now, as `gatehouse credential` gives it to kubectl (control socket only). */
async function currentIdToken(desktop: GatewayDesktop, resource: string): Promise<string> {
  const result = await runGatehouse(['credential', resource], desktop.home);
  expect(result.code, `gatehouse credential ${resource}: ${result.stderr}`).toBe(0);
  const credential = JSON.parse(result.stdout) as { kind: string; status: { token: string } };
  expect(credential.kind).toBe('ExecCredential');
  return credential.status.token;
}

/** What is on screen (text, attributes, every hidden element) holds no token: so no screenshot of it can. */
async function expectNoToken(page: Page, token: string): Promise<void> {
  const html = await page.content();
  const text = await page.locator('body').innerText();
  for (const shown of [html, text]) {
    expect(shown.includes(token)).toBe(false);
    expect(shown).not.toMatch(JWT);
  }
}

test('sign in with your organisation at the IdP’s own page, use kubectl through the gateway as yourself, sign out', async ({
  page,
  context,
  stack,
  desktop,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(desktop.url);
  await expect(page.getByRole('heading', { name: 'Sign in with your organisation' })).toBeVisible();
  // Local mode stays beside it.
  await expect(page.getByRole('button', { name: 'Use the demo organisation' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Gateway URL' }).fill(stack.gateway.url);
  await page.getByRole('textbox', { name: 'CA file (optional)' }).fill(stack.caFile);
  await screenshot(page, 'gateway-sign-in');

  // A first try, cancelled: the waiting state goes, the button is back.
  const abandoned = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
  await expect(page.getByText('Continue in the new tab')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Continue in the new tab')).toHaveCount(0);
  await (await abandoned).close();

  // The IdP's page opens in a new tab (opened at the click, sent to the IdP once the host answers).
  const opening = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
  const idp = await opening;
  await expect(page.getByText('Continue in the new tab')).toBeVisible();
  const link = page.getByRole('link', { name: /^https:\/\/127\.0\.0\.1:\d+\// });
  expect(await link.getAttribute('href')).toMatch(new RegExp(`^${stack.oidc.info.issuer}/`));
  await screenshot(page, 'gateway-sign-in-waiting');

  await expect(idp).toHaveURL(new RegExp(`^${stack.oidc.info.issuer}/interaction/`));
  await idp.getByLabel('Email').fill('alice@example.com');
  await idp.getByLabel('Password').fill('alice-demo');
  await idp.getByRole('button', { name: 'Sign in' }).click();
  await expect(idp.getByText('Signed in to Gatehouse')).toBeVisible();

  // Exactly what the gateway assigns alice (her org roles, and Developers from her IdP groups).
  await expect(page.getByRole('heading', { level: 1, name: 'Resources' })).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Resources' });
  await expect(grid.getByRole('row').filter({ has: page.getByRole('switch') })).toHaveCount(2);
  await expect(grid.getByRole('row', { name: 'staging', exact: true })).toBeVisible();
  await expect(grid.getByRole('row', { name: 'prod', exact: true })).toBeVisible();
  const strip = page.getByRole('group', { name: 'Gateway' });
  await expect(strip).toContainText(stack.gateway.url);
  await expect(strip).toContainText('Reachable');
  // Not a gateway admin: no admin screen.
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);

  await page.getByRole('switch', { name: 'Connect staging' }).click();
  await expect(page.getByRole('switch', { name: 'Connect staging' })).toBeChecked();
  await grid.getByRole('row', { name: 'staging', exact: true }).click();
  const detail = page.getByRole('region', { name: 'staging' });
  await expect(detail).toContainText(`${stack.gateway.url}/k8s/staging`);
  await screenshot(page, 'gateway-resources');

  // Update kubectl configuration into the temp kubeconfig (through the loopback listeners).
  await page.getByRole('button', { name: 'Update kubectl configuration' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Update kubectl configuration' });
  await expect(dialog.getByRole('switch', { name: 'Direct to the gateway' })).not.toBeChecked();
  await expect(dialog).toContainText('+- name: gatehouse-staging');
  await dialog.getByRole('button', { name: 'Write' }).click();
  await expect(dialog).toContainText(desktop.kubeconfig);
  await dialog.getByRole('button', { name: 'Done' }).click();

  const token = await currentIdToken(desktop, 'staging');
  expect(token).toMatch(JWT);
  const written = readFileSync(desktop.kubeconfig, 'utf8');
  expect(written).toContain('name: gatehouse-staging');
  expect(written).not.toContain(token);
  await expectNoToken(page, token);

  // Real kubectl through loopback → gateway → cluster; the cluster's audit log names alice.
  const since = Date.now();
  const pods = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-o', 'name'], {
    version: '1.33',
    kubeconfig: desktop.kubeconfig,
  });
  expect(pods.stderr).toBe('');
  expect(pods.stdout.split('\n')).toEqual(expect.arrayContaining(['pod/web', 'pod/worker']));
  const event = await auditLog(stack.cluster.auditLog).waitFor(
    (e) =>
      e.impersonatedUser?.username === 'alice@example.com' &&
      e.objectRef?.namespace === 'team-a' &&
      e.objectRef.resource === 'pods' &&
      // kubectl's request, not the health check (which lists pods in team-a too).
      (e.userAgent ?? '').startsWith('kubectl') &&
      Date.parse(e.requestReceivedTimestamp) >= since - 1000,
  );
  expect(event.impersonatedUser?.groups).toEqual(expect.arrayContaining(['developers', 'system:authenticated']));
  // The gateway's own audit line names her too, joined to the cluster's by Audit-Id.
  const gatewayLine = await stack.gateway.waitForAudit((line) => line.auditId === event.auditID);
  expect(gatewayLine).toMatchObject({
    person: 'alice@example.com',
    resource: 'staging',
    namespace: 'team-a',
    apiResource: 'pods',
    status: 200,
  });

  // The identity panel: where each group comes from, the gateway, the token's expiry only.
  await page.getByRole('link', { name: 'Identity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Identity' })).toBeVisible();
  const groups = page.getByRole('list', { name: 'Groups' });
  await expect(groups.getByRole('listitem').filter({ hasText: 'developers' })).toContainText('from role Developers');
  await expect(groups.getByRole('listitem').filter({ hasText: 'developers' })).toContainText('IdP group');
  await expect(groups.getByRole('listitem').filter({ hasText: 'system:authenticated' })).toContainText('always');
  await expect(page.getByRole('region', { name: 'Gateway' })).toContainText(stack.gateway.url);
  await expect(page.getByRole('region', { name: 'Gateway' })).toContainText('Valid until');
  await screenshot(page, 'gateway-identity');
  await expectNoToken(page, token);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'Gateway' })).toContainText('only you can read');
  await screenshot(page, 'gateway-settings');
  await expectNoToken(page, token);

  // Sign out: back to the sign-in screen (the gateway remembered), and kubectl is told to sign in.
  await page.getByRole('link', { name: 'Identity' }).click();
  await page.getByRole('button', { name: 'Sign out of the gateway' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in with your organisation' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Gateway URL' })).toHaveValue(stack.gateway.url);
  const refused = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a'], {
    version: '1.33',
    kubeconfig: desktop.kubeconfig,
  });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('gatehouse login');
  expect(`${refused.stdout}${refused.stderr}`).not.toContain(token);
  expect(desktop.stderr()).not.toContain(token);
});
