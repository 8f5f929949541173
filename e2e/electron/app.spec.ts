// The same flows as browser mode (e2e/ui/support/flows.ts), in the real Electron window launched
// with Playwright's _electron. Skipped, with the reason, where no Electron binary can run.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { demoOrgCopy } from '../support/gatehouse-cli';
import { e2eCluster } from '../ui/support/global-setup';
import { adminFlow, badOrgFlow, mainFlow, type AppUnderTest } from '../ui/support/flows';

const electron = findElectronBinary();

async function launch(): Promise<{ app: ElectronApplication; subject: AppUnderTest }> {
  if (!electron.ok) throw new Error(electron.reason);
  expect(existsSync('out/main/index.js'), 'run `npm run build` first').toBe(true);
  const cluster = e2eCluster();
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-electron-'));
  const org = demoOrgCopy(cluster.dir, home);
  const kubeconfig = join(home, 'kube', 'config');
  const app = await _electron.launch({
    executablePath: electron.path,
    args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, GATEHOUSE_HOME: home, GATEHOUSE_DEMO_ORG: org, KUBECONFIG: kubeconfig } as Record<string, string>,
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
