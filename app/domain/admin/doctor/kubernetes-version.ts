// The server version as /version reports it, and what it means for impersonation.

/** Before this, impersonation with anonymous requests enabled is broken (vendor page, SPEC §6). */
export const MIN_SUPPORTED = { major: 1, minor: 20 } as const;

export interface KubernetesVersion {
  major: number;
  minor: number;
  /** For messages: the gitVersion when it is a real one (e.g. "v1.29.4-eks-…"), else "v<major>.<minor>". */
  text: string;
}

export interface VersionFields {
  major: string;
  minor: string;
  gitVersion: string;
}

/** Managed clusters report minors like "29+", so only the leading digits count; null if there are none. */
export function parseKubernetesVersion(info: VersionFields): KubernetesVersion | null {
  const major = Number.parseInt(info.major, 10);
  const minor = Number.parseInt(info.minor, 10);
  if (Number.isNaN(major) || Number.isNaN(minor)) return null;
  // Builds from source may carry a placeholder gitVersion ("v0.0.0-master+$Format:%H$"): trust it
  // only when it agrees with major/minor.
  const agrees = info.gitVersion.startsWith(`v${major}.${minor}.`);
  const text = agrees ? info.gitVersion : `v${major}.${minor}`;
  return { major, minor, text };
}

export function isOlderThanSupported(version: KubernetesVersion): boolean {
  return (
    version.major < MIN_SUPPORTED.major ||
    (version.major === MIN_SUPPORTED.major && version.minor < MIN_SUPPORTED.minor)
  );
}
