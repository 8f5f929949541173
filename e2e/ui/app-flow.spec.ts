// The app in browser mode (`gatehouse ui --browser`) with Debian Chromium, against the real test
// cluster. The flows themselves are in support/flows.ts, shared with the Electron project.
import type { Page } from '@playwright/test';
import { adminFlow, badOrgFlow, mainFlow, type AppUnderTest } from './support/flows';
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

test('a bad org file shows its error, naming file, path and line', async ({ page, gatehouse }) => {
  await badOrgFlow(inBrowser(page, gatehouse));
});
