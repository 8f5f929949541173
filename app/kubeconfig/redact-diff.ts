// A diff of a kubeconfig is shown on screen and printed by --dry-run; the credentials in it — the
// local tokens Gatehouse writes, and whatever the person's own entries hold — are not. The lines
// stay so the reader sees that a token is written; the values are replaced.

const SECRET_KEY = /^([+\- ]\s*(?:-\s+)?(?:token|client-key-data|password|access-token|refresh-token|id-token|client-secret)\s*:\s*)(\S.*)$/;

export const HIDDEN = '<hidden>';

export function redactDiff(diff: string): string {
  return diff
    .split('\n')
    .map((line) => line.replace(SECRET_KEY, (_m, key: string) => `${key}${HIDDEN}`))
    .join('\n');
}
