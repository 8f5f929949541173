// The same flows as browser mode (e2e/ui/support/flows.ts), in the real Electron window launched
// with Playwright's _electron. Skipped, with the reason, where no Electron binary can run.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { demoOrgCopy } from '../support/gatehouse-cli';
import { e2eCluster } from '../ui/support/global-setup';
import { adminFlow, badOrgFlow, mainFlow, type AppUnderTest } from '../ui/support/flows';

const electron = findElectronBinary();

async function launch(extraEnv: Record<string, string> = {}): Promise<{ app: ElectronApplication; subject: AppUnderTest }> {
  if (!electron.ok) throw new Error(electron.reason);
  expect(existsSync('out/main/index.js'), 'run `npm run build` first').toBe(true);
  const cluster = e2eCluster();
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-electron-'));
  const org = demoOrgCopy(cluster.dir, home);
  const kubeconfig = join(home, 'kube', 'config');
  const app = await _electron.launch({
    executablePath: electron.path,
    args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, GATEHOUSE_HOME: home, GATEHOUSE_DEMO_ORG: org, KUBECONFIG: kubeconfig, ...extraEnv } as Record<string, string>,
  });
  const page = await app.firstWindow();
  const subject: AppUnderTest = { page, open: async () => {}, home, org, kubeconfig, auditLog: cluster.auditLog };
  return { app, subject };
}

for (const [name, flow] of [
  ['sign in, connect, update kubectl configuration, use kubectl as that person', mainFlow],
  ['the admin view shows the demo’s collision, reserved name and unbound group', adminFlow],
  ['a bad org file shows its error, naming file, path and line', badOrgFlow],
] as const) {
  test(name, async () => {
    test.skip(!electron.ok, `no Electron binary on this machine: ${electron.ok ? '' : electron.reason}`);
    const { app, subject } = await launch();
    try {
      const api = await subject.page.evaluate(() => typeof (globalThis as { gatehouse?: unknown }).gatehouse);
      expect(api).toBe('object');
      await flow(subject);
    } finally {
      await app.close();
    }
  });
}

// The admin's preset (app/services/state/settings-defaults.ts), here through GATEHOUSE_DEFAULTS; a
// packaged app finds build/gatehouse-defaults.json in its resources (electron-builder.yml).
test('a settings preset shipped with the app fills the sign-in screen, its CA file taken from beside it', async () => {
  test.skip(!electron.ok, `no Electron binary on this machine: ${electron.ok ? '' : electron.reason}`);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-preset-'));
  const preset = join(dir, 'gatehouse-defaults.json');
  writeFileSync(preset, JSON.stringify({ gatewayUrl: 'https://gateway.corp.example', gatewayCaFile: 'corp-ca.pem' }));
  const { app, subject } = await launch({ GATEHOUSE_DEFAULTS: preset });
  try {
    const { page } = subject;
    await expect(page.getByRole('heading', { name: 'Sign in with your organisation' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Gateway URL' })).toHaveValue('https://gateway.corp.example');
    await expect(page.getByRole('textbox', { name: 'CA file (optional)' })).toHaveValue(join(dir, 'corp-ca.pem'));
  } finally {
    await app.close();
  }
});
