// The admin's settings preset: where it is found, what makes it ignored (with a line naming file
// and key), and how it fills the person's settings without overriding what they remember.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../shared/api';
import {
  loadSettingsDefaults,
  NO_DEFAULTS,
  presetPlaces,
  readShippedSettingsDefaults,
  SYSTEM_DEFAULTS_FILE,
  withSettingsDefaults,
  type PresetFacts,
  type PresetPlaces,
  type SettingsDefaults,
} from './settings-defaults';
import { DEFAULT_SETTINGS, SettingsStore } from './settings-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-defaults-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function write(name: string, content: string): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function load(places: PresetPlaces): { defaults: SettingsDefaults; warnings: string[] } {
  const warnings: string[] = [];
  return { defaults: loadSettingsDefaults(places, (line) => warnings.push(line)), warnings };
}

describe('where the preset is looked for', () => {
  const base: PresetFacts = { env: {}, platform: 'linux', resourcesPath: null, packageRoot: null };
  const table: [string, PresetFacts, PresetPlaces][] = [
    [
      'GATEHOUSE_DEFAULTS alone',
      { ...base, env: { GATEHOUSE_DEFAULTS: '/opt/preset.json' }, resourcesPath: '/r', packageRoot: '/p' },
      { explicit: '/opt/preset.json' },
    ],
    [
      'an empty GATEHOUSE_DEFAULTS is unset',
      { ...base, env: { GATEHOUSE_DEFAULTS: '' }, packageRoot: '/p' },
      { explicit: null, candidates: ['/p/gatehouse-defaults.json', SYSTEM_DEFAULTS_FILE] },
    ],
    [
      'packaged app: resources, then package, then /etc',
      { ...base, resourcesPath: '/app/resources', packageRoot: '/app/resources/app.asar' },
      {
        explicit: null,
        candidates: [
          '/app/resources/gatehouse-defaults.json',
          '/app/resources/app.asar/gatehouse-defaults.json',
          SYSTEM_DEFAULTS_FILE,
        ],
      },
    ],
    [
      'macOS: no /etc',
      { ...base, platform: 'darwin', packageRoot: '/p' },
      { explicit: null, candidates: ['/p/gatehouse-defaults.json'] },
    ],
    [
      'Windows: next to the app only',
      { ...base, platform: 'win32', resourcesPath: '/r', packageRoot: '/p' },
      { explicit: null, candidates: ['/r/gatehouse-defaults.json', '/p/gatehouse-defaults.json'] },
    ],
    ['no package root found', base, { explicit: null, candidates: [SYSTEM_DEFAULTS_FILE] }],
  ];
  it.each(table)('%s', (_name, facts, places) => {
    expect(presetPlaces(facts)).toEqual(places);
  });
});

describe('reading the preset', () => {
  it('takes the gateway URL (as the sign-in takes it) and the CA file, relative to the preset', () => {
    const file = write(
      'resources/gatehouse-defaults.json',
      JSON.stringify({ gatewayUrl: 'https://Gateway.Corp.example:443/', gatewayCaFile: 'corp-ca.pem' }),
    );
    expect(load({ explicit: file })).toEqual({
      defaults: { gatewayUrl: 'https://gateway.corp.example', gatewayCaFile: join(dir, 'resources', 'corp-ca.pem') },
      warnings: [],
    });
    const absolute = write('b.json', JSON.stringify({ gatewayCaFile: '/etc/ssl/corp.pem', gatewayUrl: null }));
    expect(load({ explicit: absolute }).defaults).toEqual({ gatewayUrl: null, gatewayCaFile: '/etc/ssl/corp.pem' });
  });

  it('the first place that has a file is the preset; none at all is no preset and no warning', () => {
    const first = join(dir, 'resources', 'gatehouse-defaults.json');
    const second = write('package/gatehouse-defaults.json', JSON.stringify({ gatewayUrl: 'https://second.example' }));
    const third = write('etc/defaults.json', JSON.stringify({ gatewayUrl: 'https://third.example' }));
    expect(load({ explicit: null, candidates: [first, second, third] })).toEqual({
      defaults: { gatewayUrl: 'https://second.example', gatewayCaFile: null },
      warnings: [],
    });
    expect(load({ explicit: null, candidates: [first, join(dir, 'nope.json')] })).toEqual({
      defaults: NO_DEFAULTS,
      warnings: [],
    });
  });

  const malformed: [string, string, string][] = [
    ['not JSON', '{ "gatewayUrl": ', 'not valid JSON'],
    ['an array', '["https://gateway.example"]', 'not a JSON object'],
    ['a number URL', '{"gatewayUrl": 42}', 'gatewayUrl: '],
    [
      'plain http',
      '{"gatewayUrl": "http://gateway.example"}',
      'gatewayUrl: gateway URL "http://gateway.example": http is not https',
    ],
    [
      'a path in the URL',
      '{"gatewayUrl": "https://gateway.example/k8s"}',
      'gatewayUrl: gateway URL "https://gateway.example/k8s": a path (/k8s) is not allowed',
    ],
    [
      'userinfo',
      '{"gatewayUrl": "https://gateway.example@evil.example"}',
      'gatewayUrl: gateway URL "https://gateway.example@evil.example": a user name or password',
    ],
    [
      'an empty CA file',
      '{"gatewayUrl": "https://gateway.example", "gatewayCaFile": ""}',
      'gatewayCaFile: must be a file path',
    ],
    [
      'a CA file that is not a string',
      '{"gatewayUrl": "https://gateway.example", "gatewayCaFile": true}',
      'gatewayCaFile: ',
    ],
  ];
  it.each(malformed)('ignores a preset with %s, in one line naming the file and the key', (_name, content, why) => {
    const file = write('gatehouse-defaults.json', content);
    const { defaults, warnings } = load({ explicit: null, candidates: [file] });
    expect(defaults).toEqual(NO_DEFAULTS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`gatehouse: ignoring the settings preset ${file}: ${why}`);
    expect(warnings[0]).not.toContain('\n');
  });

  it('does not fall through to the next place when the first file is broken', () => {
    const broken = write('a.json', '{');
    const good = write('b.json', JSON.stringify({ gatewayUrl: 'https://gateway.example' }));
    expect(load({ explicit: null, candidates: [broken, good] }).defaults).toEqual(NO_DEFAULTS);
  });

  it('names and skips an unknown key, keeping the rest', () => {
    const file = write(
      'gatehouse-defaults.json',
      JSON.stringify({ gatewayURL: 'https://typo.example', gatewayCaFile: '/ca.pem' }),
    );
    expect(load({ explicit: file })).toEqual({
      defaults: { gatewayUrl: null, gatewayCaFile: '/ca.pem' },
      warnings: [
        `gatehouse: settings preset ${file}: "gatewayURL" is not a setting here (gatewayUrl, gatewayCaFile); skipped`,
      ],
    });
  });

  it('says so when GATEHOUSE_DEFAULTS names a file that is not there or cannot be read', () => {
    const missing = join(dir, 'missing.json');
    expect(load({ explicit: missing })).toEqual({
      defaults: NO_DEFAULTS,
      warnings: [`gatehouse: ignoring the settings preset ${missing} (GATEHOUSE_DEFAULTS): no such file`],
    });
    expect(load({ explicit: dir }).warnings).toEqual([
      `gatehouse: ignoring the settings preset ${dir}: cannot read it (EISDIR)`,
    ]);
    if (process.getuid?.() !== 0) {
      const locked = write('locked.json', '{}');
      chmodSync(locked, 0o000);
      expect(load({ explicit: locked }).warnings).toEqual([
        `gatehouse: ignoring the settings preset ${locked}: cannot read it (EACCES)`,
      ]);
    }
  });

  it('reads GATEHOUSE_DEFAULTS for this process and warns on stderr, never throwing', () => {
    const file = write('env.json', JSON.stringify({ gatewayUrl: 'https://env.example' }));
    vi.stubEnv('GATEHOUSE_DEFAULTS', file);
    expect(readShippedSettingsDefaults()).toEqual({ gatewayUrl: 'https://env.example', gatewayCaFile: null });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('GATEHOUSE_DEFAULTS', write('bad.json', '{"gatewayUrl": "ftp://x"}'));
    expect(readShippedSettingsDefaults()).toEqual(NO_DEFAULTS);
    expect(stderr.mock.calls.map((call) => String(call[0]))).toEqual([
      `gatehouse: ignoring the settings preset ${join(dir, 'bad.json')}: gatewayUrl: gateway URL "ftp://x": ftp is not https; expected https://host[:port]\n`,
    ]);
  });
});

describe('the preset fills the settings', () => {
  const preset: SettingsDefaults = { gatewayUrl: 'https://gateway.corp', gatewayCaFile: '/ca/corp.pem' };
  const s = (gatewayUrl: string | null, gatewayCaFile: string | null): Settings => ({
    ...DEFAULT_SETTINGS,
    gatewayUrl,
    gatewayCaFile,
  });
  const table: [string, Settings, SettingsDefaults, Pick<Settings, 'gatewayUrl' | 'gatewayCaFile'>][] = [
    ['nothing remembered: the preset', s(null, null), preset, preset],
    [
      'no preset: as remembered',
      s('https://mine', '/mine.pem'),
      NO_DEFAULTS,
      { gatewayUrl: 'https://mine', gatewayCaFile: '/mine.pem' },
    ],
    [
      'remembered wins, CA included',
      s('https://gateway.corp', '/mine.pem'),
      preset,
      { gatewayUrl: 'https://gateway.corp', gatewayCaFile: '/mine.pem' },
    ],
    ['the preset gateway remembered without a CA: the preset CA', s('https://gateway.corp', null), preset, preset],
    [
      'another gateway remembered: not the preset CA',
      s('https://other', null),
      preset,
      { gatewayUrl: 'https://other', gatewayCaFile: null },
    ],
    [
      'a CA remembered alone: the preset URL, the remembered CA',
      s(null, '/mine.pem'),
      preset,
      { gatewayUrl: 'https://gateway.corp', gatewayCaFile: '/mine.pem' },
    ],
    [
      'a preset CA without a URL is for any gateway',
      s('https://other', null),
      { gatewayUrl: null, gatewayCaFile: '/ca/org.pem' },
      { gatewayUrl: 'https://other', gatewayCaFile: '/ca/org.pem' },
    ],
    [
      'only a preset URL',
      s(null, null),
      { gatewayUrl: 'https://gateway.corp', gatewayCaFile: null },
      { gatewayUrl: 'https://gateway.corp', gatewayCaFile: null },
    ],
  ];
  it.each(table)('%s', (_name, settings, defaults, expected) => {
    const filled = withSettingsDefaults(settings, defaults);
    expect({ gatewayUrl: filled.gatewayUrl, gatewayCaFile: filled.gatewayCaFile }).toEqual(expected);
    expect({ ...filled, gatewayUrl: null, gatewayCaFile: null }).toEqual({
      ...settings,
      gatewayUrl: null,
      gatewayCaFile: null,
    });
  });
});

describe('SettingsStore with the preset', () => {
  const preset = { gatewayUrl: 'https://gateway.corp', gatewayCaFile: '/ca/corp.pem' };

  it('fills what the file leaves empty; what the person remembers wins', () => {
    const file = join(dir, 'settings.json');
    expect(new SettingsStore(file, () => preset).get()).toEqual({ ...DEFAULT_SETTINGS, ...preset });
    writeFileSync(file, JSON.stringify({ gatewayUrl: 'https://mine.example', gatewayCaFile: null }));
    expect(new SettingsStore(file, () => preset).get()).toMatchObject({
      gatewayUrl: 'https://mine.example',
      gatewayCaFile: null,
    });
  });

  it('is never written into the person’s file, so a changed preset still applies', () => {
    const file = join(dir, 'settings.json');
    const store = new SettingsStore(file, () => preset);
    expect(store.update({ launchAtLogin: true })).toMatchObject({ launchAtLogin: true, ...preset });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      launchAtLogin: true,
      gatewayUrl: null,
      gatewayCaFile: null,
    });
    const next = { gatewayUrl: 'https://new.corp', gatewayCaFile: null };
    expect(new SettingsStore(file, () => next).get()).toMatchObject({ launchAtLogin: true, ...next });
    // Signing in remembers the gateway for real; clearing it brings the preset back.
    store.update({ gatewayUrl: 'https://mine.example', gatewayCaFile: null });
    expect(store.get()).toMatchObject({ gatewayUrl: 'https://mine.example', gatewayCaFile: null });
    expect(store.update({ gatewayUrl: null })).toMatchObject(preset);
  });
});
