// A kubeconfig with Gatehouse's local tokens is for its owner only (SPEC §5): whoever can read a
// token can use the proxy, and so the person's cluster identity.

export interface ModeTightening {
  /** Permission bits before, e.g. 0o644. */
  from: number;
  /** Permission bits after, e.g. 0o600. */
  to: number;
}

/**
 * For a file Gatehouse rewrites: `mode` without group and other bits (and without setuid/setgid/sticky), keeping the owner's
 * own bits but always read and write: 0644 → 0600, 0640 → 0600, 0755 → 0700, 0600 → 0600.
 */
export function privateModeOf(mode: number): number {
  return (mode & 0o700) | 0o600;
}

/**
 * For a file Gatehouse leaves as it is (already up to date): only group and other bits go, so a
 * file its owner made read-only stays read-only (0444 → 0400).
 */
export function ownerOnlyModeOf(mode: number): number {
  return mode & 0o700;
}

export function octalMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** The line the CLI prints (and the app shows) when the mode was narrowed. */
export function tighteningMessage(file: string, tightening: ModeTightening, dryRun: boolean): string {
  const verb = dryRun ? 'would tighten' : 'tightened';
  return `${verb} ${file} from ${octalMode(tightening.from)} to ${octalMode(tightening.to)}: it holds Gatehouse tokens`;
}
