// The settings preset an admin ships with the app (issue 12, SPEC §10): `gatehouse-defaults.json`
// with the gateway URL and, where the gateway uses a private CA, its CA file — so people only
// click "Sign in with your organisation". What the person's own settings remember wins; the
// preset only fills what they leave empty (SettingsStore.get).
//
// Where it is looked for, the first place that has a file being the preset:
//   1. the file named by GATEHOUSE_DEFAULTS (only that one: a path given on purpose that cannot
//      be read is said);
//   2. next to the app: the packaged desktop app's resources folder (electron-builder.yml copies
//      build/gatehouse-defaults.json there), then the package's own folder (npm installs, source);
//   3. on Linux, /etc/gatehouse/defaults.json (configuration management, distribution packages).
// A relative gatewayCaFile is taken from the preset's own folder, so the CA can ship beside it.
// A file that is not what it should be is ignored as a whole — half a preset could pair one
// gateway with another's CA — with one warning line on stderr naming the file and the key; the
// app starts as if there were none. An unknown key is named and skipped (a typo is seen; a newer
// app's preset still works here).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../../shared/api';
import { parseGatewayUrl } from '../../domain/sign-in/gateway-url';
import { packageRoot } from '../../platform/package-root';

export const DEFAULTS_FILE_NAME = 'gatehouse-defaults.json';
export const SYSTEM_DEFAULTS_FILE = '/etc/gatehouse/defaults.json';

export type SettingsDefaults = Pick<Settings, 'gatewayUrl' | 'gatewayCaFile'>;

export const NO_DEFAULTS: SettingsDefaults = { gatewayUrl: null, gatewayCaFile: null };

/** Where to read the preset: one file named on purpose, or the places to try in order. */
export type PresetPlaces = { explicit: string } | { explicit: null; candidates: string[] };

export interface PresetFacts {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** Electron's process.resourcesPath; null outside Electron. */
  resourcesPath: string | null;
  /** The package's folder; null when it cannot be found. */
  packageRoot: string | null;
}

export function presetPlaces(facts: PresetFacts): PresetPlaces {
  const named = facts.env.GATEHOUSE_DEFAULTS;
  if (named !== undefined && named !== '') return { explicit: resolve(named) };
  const candidates = [facts.resourcesPath, facts.packageRoot]
    .filter((dir): dir is string => dir !== null)
    .map((dir) => join(dir, DEFAULTS_FILE_NAME));
  if (facts.platform === 'linux') candidates.push(SYSTEM_DEFAULTS_FILE);
  return { explicit: null, candidates: [...new Set(candidates)] };
}

/** A gateway URL as the sign-in takes it; the sign-in's own check says what is wrong. */
const gatewayUrl = z.string().transform((text, ctx) => {
  try {
    return parseGatewayUrl(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const presetSchema = z.object({
  gatewayUrl: gatewayUrl.nullable().optional(),
  gatewayCaFile: z.string().min(1, 'must be a file path').nullable().optional(),
});

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(presetSchema.shape));

type Read = { found: false } | { found: true; text: string } | { found: true; error: string };

function readPreset(file: string): Read {
  try {
    return { found: true, text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { found: false };
    return { found: true, error: `cannot read it (${code ?? (err as Error).message})` };
  }
}

/** The preset in `text` (the contents of `file`), or why it is ignored: "<key>: <what is wrong>". */
export function parsePreset(
  file: string,
  text: string,
): { ok: true; defaults: SettingsDefaults; unknownKeys: string[] } | { ok: false; why: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, why: `not valid JSON (${(err as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, why: 'not a JSON object with gatewayUrl and gatewayCaFile' };
  const parsed = presetSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.map(String).join('.') || '(file)';
    return { ok: false, why: `${key}: ${issue?.message ?? 'invalid'}` };
  }
  const ca = parsed.data.gatewayCaFile ?? null;
  return {
    ok: true,
    defaults: {
      gatewayUrl: parsed.data.gatewayUrl ?? null,
      gatewayCaFile: ca === null ? null : resolve(dirname(file), ca),
    },
    unknownKeys: Object.keys(raw).filter((key) => !KNOWN_KEYS.has(key)),
  };
}

/** Reads the preset from its places; never throws: what cannot be used is said through `warn` and skipped. */
export function loadSettingsDefaults(places: PresetPlaces, warn: (line: string) => void): SettingsDefaults {
  const files = places.explicit !== null ? [places.explicit] : places.candidates;
  for (const file of files) {
    const read = readPreset(file);
    if (!read.found) continue;
    if ('error' in read) {
      warn(`gatehouse: ignoring the settings preset ${file}: ${read.error}`);
      return NO_DEFAULTS;
    }
    const preset = parsePreset(file, read.text);
    if (!preset.ok) {
      warn(`gatehouse: ignoring the settings preset ${file}: ${preset.why}`);
      return NO_DEFAULTS;
    }
    for (const key of preset.unknownKeys)
      warn(
        `gatehouse: settings preset ${file}: ${JSON.stringify(key)} is not a setting here (gatewayUrl, gatewayCaFile); skipped`,
      );
    return preset.defaults;
  }
  if (places.explicit !== null)
    warn(`gatehouse: ignoring the settings preset ${places.explicit} (GATEHOUSE_DEFAULTS): no such file`);
  return NO_DEFAULTS;
}

function stderrLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

function rootOrNull(): string | null {
  try {
    return packageRoot();
  } catch {
    return null;
  }
}

/** The preset for this process, read now (tests; shippedSettingsDefaults reads it once). */
export function readShippedSettingsDefaults(warn: (line: string) => void = stderrLine): SettingsDefaults {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath ?? null;
  const places = presetPlaces({
    env: process.env,
    platform: process.platform,
    resourcesPath,
    packageRoot: rootOrNull(),
  });
  return loadSettingsDefaults(places, warn);
}

let shipped: SettingsDefaults | null = null;

/**
 * The preset, read once per process: settings are read often, and a broken preset is said once.
 * An admin's change to it is seen when the app starts again.
 */
export function shippedSettingsDefaults(): SettingsDefaults {
  shipped ??= readShippedSettingsDefaults();
  return shipped;
}

/**
 * The person's settings with the preset filling what they leave empty. The CA file goes with its
 * gateway: the preset's CA fills in only for the preset's gateway (or for any gateway, when the
 * preset names a CA and no gateway — an organisation's own CA).
 */
export function withSettingsDefaults(settings: Settings, preset: SettingsDefaults): Settings {
  const url = settings.gatewayUrl ?? preset.gatewayUrl;
  const caGoesWith = preset.gatewayUrl === null || url === preset.gatewayUrl;
  return {
    ...settings,
    gatewayUrl: url,
    gatewayCaFile: settings.gatewayCaFile ?? (caGoesWith ? preset.gatewayCaFile : null),
  };
}
