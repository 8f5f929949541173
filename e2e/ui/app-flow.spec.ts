// The app in browser mode (`gatehouse ui --browser`) with Debian Chromium, against the real test
// cluster. The flows themselves are in support/flows.ts, shared with the Electron project.
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { GatehouseApi } from '../../shared/api';
import { adminFlow, aliasFlow, badOrgFlow, mainFlow, type AppUnderTest } from './support/flows';
import { test, type BrowserMode } from './support/browser-mode';

function inBrowser(page: Page, gatehouse: BrowserMode): AppUnderTest {
  let opened = false;
  return {
    page,
    // The printed link works once: the first load uses it, later ones load the page as a reload
    // would, on the tab's own session (which is what a person's reload does).
    open: async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(opened ? new URL('/', gatehouse.url).href : gatehouse.url);
      opened = true;
    },
    home: gatehouse.home,
    org: gatehouse.org,
    kubeconfig: gatehouse.kubeconfig,
    auditLog: gatehouse.cluster.auditLog,
  };
}

test('sign in, connect, update kubectl configuration, use kubectl as that person', async ({ page, gatehouse }) => {
  await mainFlow(inBrowser(page, gatehouse));
});

test('the admin view shows the demo’s collision, reserved name and unbound group', async ({ page, gatehouse }) => {
  await adminFlow(inBrowser(page, gatehouse));
});

test('an identity alias: the resource detail and identity screen show frank_c and payments-rw with their sources; kubectl is audited as frank_c', async ({ page, gatehouse }) => {
  await aliasFlow(inBrowser(page, gatehouse));
});

test('a bad org file shows its error, naming file, path and line', async ({ page, gatehouse }) => {
  await badOrgFlow(inBrowser(page, gatehouse));
});

test('the printed link works once: the tab keeps working on reload, a second tab is told how to get a new link, no cookie', async ({ page, context, gatehouse }) => {
  await page.goto(gatehouse.url);
  await expect(page.getByRole('button', { name: 'Use the demo organisation' })).toBeVisible();
  // Redeemed: the link is gone from the address bar, the tab holds its session.
  await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Use the demo organisation' })).toBeVisible();

  const second = await context.newPage();
  const refused = await second.goto(gatehouse.url);
  expect(refused?.status()).toBe(410);
  await expect(second.getByText('This Gatehouse link was already used')).toBeVisible();
  await expect(second.getByText('start it again: it prints a new one')).toBeVisible();

  // The page without link or session (the address typed by hand) says what to open.
  const third = await context.newPage();
  await third.goto(new URL('/', gatehouse.url).href);
  const banner = third.getByRole('alert').filter({ hasText: 'Gatehouse did not open this tab.' });
  await expect(banner).toContainText('This page was opened without its link');
  // The first tab is untouched by all this: no banner, the API answers.
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await page.evaluate(async () => (await (globalThis as unknown as { gatehouse: GatehouseApi }).gatehouse.invoke('app.info', undefined)).ok)).toBe(true);
  expect(await context.cookies()).toEqual([]);
});
