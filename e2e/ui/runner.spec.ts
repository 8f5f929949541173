import { expect, test } from '@playwright/test';

// Proves the runner drives the system Chromium; real UI tests (browser mode) join this folder.
test('chromium renders a page', async ({ page }) => {
  await page.goto('data:text/html,<h1>Gatehouse</h1>');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gatehouse');
});
