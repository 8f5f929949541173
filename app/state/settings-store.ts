// The user's settings (SPEC §8), kept in app data as JSON. Unknown or malformed fields fall back to
// the defaults rather than failing the app at start; the file is rewritten on the next update.
import type { Settings } from '../../shared/api';
import { readJsonFile, writeJsonFile } from './json-file';
import { DEFAULT_PORT_RANGE } from './port-store';

export const DEFAULT_SETTINGS: Settings = {
  orgFile: null,
  user: null,
  kubeconfigPath: null,
  portRange: DEFAULT_PORT_RANGE,
  launchAtLogin: false,
  keepRunningInTray: true,
};

function validRange(r: unknown): r is Settings['portRange'] {
  if (typeof r !== 'object' || r === null) return false;
  const { first, last } = r as Record<string, unknown>;
  return Number.isInteger(first) && Number.isInteger(last) && (first as number) >= 1024 && (last as number) <= 65535 && (first as number) <= (last as number);
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
  };
}

export class SettingsStore {
  constructor(private readonly file: string) {}

  get(): Settings {
    return normalizeSettings(readJsonFile<unknown>(this.file, {}));
  }

  /** Applies a partial update; an invalid port range is refused with a message. */
  update(patch: Partial<Settings>): Settings {
    if (patch.portRange !== undefined && !validRange(patch.portRange)) {
      throw new Error('port range must be two ports between 1024 and 65535, first ≤ last');
    }
    const next = normalizeSettings({ ...this.get(), ...patch });
    writeJsonFile(this.file, next);
    return next;
  }
}
