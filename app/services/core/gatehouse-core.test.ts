// The core as a host starts it: recordings past their retention are pruned before anything else.
import { mkdirSync, mkdtempSync, existsSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../platform/paths';
import { GatehouseCore } from './gatehouse-core';

describe('GatehouseCore.restore', () => {
  it('prunes recordings older than the retention setting, keeps recent ones', async () => {
    const paths = appPaths(mkdtempSync(join(tmpdir(), 'gatehouse-core-')));
    mkdirSync(paths.recordings, { recursive: true });
    const old = join(paths.recordings, 'old.cast');
    const recent = join(paths.recordings, 'recent.cast');
    writeFileSync(old, '{"version":2}\n');
    writeFileSync(recent, '{"version":2}\n');
    const fortyDaysAgo = (Date.now() - 40 * 24 * 3600 * 1000) / 1000;
    utimesSync(old, fortyDaysAgo, fortyDaysAgo);
    const core = new GatehouseCore(paths, { mode: 'agent' });
    try {
      expect(await core.restore()).toMatchObject({ user: null });
      expect(existsSync(old)).toBe(false);
      expect(existsSync(recent)).toBe(true);
    } finally {
      await core.close();
    }
  });
});
