import { existsSync } from 'node:fs';
import { _electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const electron = findElectronBinary();

test('the desktop window shows the product name', async () => {
  test.skip(!electron.ok, `no Electron binary on this machine: ${electron.ok ? '' : electron.reason}`);
  if (!electron.ok) return;
  expect(existsSync('out/main/index.js'), 'run `npm run build` first').toBe(true);
  const app = await _electron.launch({
    executablePath: electron.path,
    args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gatehouse');
    const api = await page.evaluate(() => typeof (globalThis as { gatehouse?: unknown }).gatehouse);
    expect(api).toBe('object');
  } finally {
    await app.close();
  }
});
