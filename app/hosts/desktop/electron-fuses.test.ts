// The packaged app's Electron binary has its dangerous switches blown (electron-builder flips the
// fuses before signing): no ELECTRON_RUN_AS_NODE (the signed binary as a plain Node), no
// NODE_OPTIONS, no --inspect (code injection into a process that holds leased credentials), app
// code only from app.asar, and that asar checked against the hash embedded at build time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../platform/package-root';

const root = packageRoot();
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
};

describe('electron-builder.yml', () => {
  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject(REQUIRED_FUSES);
  });

  it('names only fuses electron-builder knows (a typo would be ignored silently otherwise)', () => {
    const scheme = JSON.parse(readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    expect(scheme.properties).toHaveProperty('electronFuses');
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(known).toEqual(expect.arrayContaining(Object.keys(config.electronFuses as object)));
  });

  it('packs the app into an asar with its integrity hash (what the fuses rely on)', () => {
    expect(config.asar ?? true).not.toBe(false);
    const asar = config.asar;
    if (typeof asar === 'object' && asar !== null) expect((asar as Record<string, unknown>).disableIntegrity).not.toBe(true);
  });
});
