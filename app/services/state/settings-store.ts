// The user's settings (SPEC §8), kept in app data as JSON. Unknown or malformed fields fall back to
// the defaults rather than failing the app at start; the file is rewritten on the next update.
import type { Settings } from '../../../shared/api';
import { GatehouseError } from '../../../shared/errors';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../../domain/audit/recording-retention';
import { readJsonFile, writeJsonFile } from './json-file';
import { shippedSettingsDefaults, withSettingsDefaults, type SettingsDefaults } from './settings-defaults';
import { DEFAULT_PORT_RANGE } from './port-store';

export const DEFAULT_SETTINGS: Settings = {
  orgFile: null,
  user: null,
  kubeconfigPath: null,
  portRange: DEFAULT_PORT_RANGE,
  launchAtLogin: false,
  keepRunningInTray: true,
  recordingsMaxAgeDays: DEFAULT_RETENTION.maxAgeDays,
  recordingsMaxTotalBytes: DEFAULT_RETENTION.maxTotalBytes,
  gatewayUrl: null,
  gatewayCaFile: null,
};

/** Bounds of the recording retention settings: at least a day and a megabyte, at most a century and a petabyte. */
export const RECORDINGS_AGE_DAYS = { min: 1, max: 36_500 };
export const RECORDINGS_TOTAL_BYTES = { min: 1024 * 1024, max: 2 ** 50 };

function inRange(v: unknown, range: { min: number; max: number }): v is number {
  return Number.isSafeInteger(v) && (v as number) >= range.min && (v as number) <= range.max;
}

function validRange(r: unknown): r is Settings['portRange'] {
  if (typeof r !== 'object' || r === null) return false;
  const { first, last } = r as Record<string, unknown>;
  return (
    Number.isInteger(first) &&
    Number.isInteger(last) &&
    (first as number) >= 1024 &&
    (last as number) <= 65535 &&
    (first as number) <= (last as number)
  );
}

export function normalizeSettings(raw: unknown): Settings {
  const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
  return {
    orgFile: str(s.orgFile),
    user: str(s.user),
    kubeconfigPath: str(s.kubeconfigPath),
    portRange: validRange(s.portRange) ? s.portRange : DEFAULT_SETTINGS.portRange,
    launchAtLogin: bool(s.launchAtLogin, DEFAULT_SETTINGS.launchAtLogin),
    keepRunningInTray: bool(s.keepRunningInTray, DEFAULT_SETTINGS.keepRunningInTray),
    recordingsMaxAgeDays: inRange(s.recordingsMaxAgeDays, RECORDINGS_AGE_DAYS)
      ? s.recordingsMaxAgeDays
      : DEFAULT_SETTINGS.recordingsMaxAgeDays,
    recordingsMaxTotalBytes: inRange(s.recordingsMaxTotalBytes, RECORDINGS_TOTAL_BYTES)
      ? s.recordingsMaxTotalBytes
      : DEFAULT_SETTINGS.recordingsMaxTotalBytes,
    gatewayUrl: str(s.gatewayUrl),
    gatewayCaFile: str(s.gatewayCaFile),
  };
}

/** What the recorder's retention applies, from the settings. */
export function recordingRetention(settings: Settings): RetentionPolicy {
  return { maxAgeDays: settings.recordingsMaxAgeDays, maxTotalBytes: settings.recordingsMaxTotalBytes };
}

export class SettingsStore {
  constructor(
    private readonly file: string,
    /** The admin's preset shipped with the app (settings-defaults.ts); it fills what the file leaves empty. */
    private readonly preset: () => SettingsDefaults = shippedSettingsDefaults,
  ) {}

  get(): Settings {
    return withSettingsDefaults(this.stored(), this.preset());
  }

  /** The person's own file, without the preset: updates never write the preset in, so a new preset still applies. */
  private stored(): Settings {
    return normalizeSettings(readJsonFile<unknown>(this.file, {}));
  }

  /** Applies a partial update; a value out of its bounds is a `usage` error saying which. */
  update(patch: Partial<Settings>): Settings {
    if (patch.portRange !== undefined && !validRange(patch.portRange)) {
      throw new GatehouseError('usage', 'port range must be two ports between 1024 and 65535, first ≤ last');
    }
    if (patch.recordingsMaxAgeDays !== undefined && !inRange(patch.recordingsMaxAgeDays, RECORDINGS_AGE_DAYS)) {
      throw new GatehouseError(
        'usage',
        `recordingsMaxAgeDays must be a whole number of days from ${RECORDINGS_AGE_DAYS.min} to ${RECORDINGS_AGE_DAYS.max}`,
      );
    }
    if (
      patch.recordingsMaxTotalBytes !== undefined &&
      !inRange(patch.recordingsMaxTotalBytes, RECORDINGS_TOTAL_BYTES)
    ) {
      throw new GatehouseError(
        'usage',
        `recordingsMaxTotalBytes must be a whole number of bytes, at least ${RECORDINGS_TOTAL_BYTES.min} (1 MB)`,
      );
    }
    const next = normalizeSettings({ ...this.stored(), ...patch });
    writeJsonFile(this.file, next);
    return withSettingsDefaults(next, this.preset());
  }
}
