// A diff of a kubeconfig is shown on screen and printed by --dry-run; the credentials in it — the
// local tokens Gatehouse writes, and whatever the person's own entries hold — are not. The lines
// stay so the reader sees that a token is written or changed; the values are replaced.
//
// Two layers. First, the YAML structure: both documents are parsed and every fragment of every
// credential value (kubeconfig-secrets.ts) is hidden wherever it occurs in a changed or context
// line — this is what catches JSON, flow style, quoted keys, block scalars and anchors. Second, a
// key rule on each line, for whatever the first layer could not parse (a half-valid file).
import { kubeconfigSecrets, SECRET_KEYS } from './kubeconfig-secrets';

export const HIDDEN = '<hidden>';

/** Below this length a fragment is hidden only where it stands alone, so `ab` does not garble `tab`. */
const SHORT = 8;
const TOKEN_CHAR = String.raw`[\w.\-/+=~:]`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function valueRule(secrets: ReadonlySet<string>): ((line: string) => string) | undefined {
  if (secrets.size === 0) return undefined;
  // Longest first, so a secret that contains another is hidden whole.
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  const alternatives = sorted.map((secret) => (secret.length >= SHORT ? escapeRegExp(secret) : `(?<!${TOKEN_CHAR})${escapeRegExp(secret)}(?!${TOKEN_CHAR})`));
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (line) => line.replace(pattern, HIDDEN);
}

const KEYS = [...SECRET_KEYS].map(escapeRegExp).join('|');
// `key: value` after a line start, indentation, `- `, `{` or `,`; the key may be quoted. In flow
// context (after `{`, `[` or `,`) the value ends at `,`, `}` or `]`, unless quoted; in block
// context it is the rest of the line.
const FLOW_KEY = new RegExp(String.raw`([{\[,]\s*(["']?)(?:${KEYS})\2\s*:\s*)("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|[^,}\]\s][^,}\]]*)`, 'g');
const BLOCK_KEY = new RegExp(String.raw`^(\s*(?:-\s+)*(["']?)(?:${KEYS})\2\s*:\s*)(\S.*)$`);

function keyRule(line: string): string {
  return line.replace(BLOCK_KEY, (_m, key: string) => `${key}${HIDDEN}`).replace(FLOW_KEY, (_m, key: string) => `${key}${HIDDEN}`);
}

/**
 * `diff` (a unified diff of a kubeconfig) with its credentials hidden. `documents` are the texts
 * the diff was made from (before and after); `secrets` are further values to hide (Gatehouse's
 * own tokens). File labels and hunk headers are left as they are.
 */
export function redactDiff(diff: string, documents: ReadonlyArray<string | undefined> = [], secrets: readonly string[] = []): string {
  const known = new Set(secrets.map((secret) => secret.trim()).filter((secret) => secret !== ''));
  for (const document of documents) if (document !== undefined) for (const secret of kubeconfigSecrets(document)) known.add(secret);
  const byValue = valueRule(known);
  let inHunk = false;
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('@@')) {
        inHunk = true;
        return line;
      }
      if (!inHunk || line.startsWith('\\') || line === '') return line;
      const marker = line.slice(0, 1);
      const body = byValue ? byValue(line.slice(1)) : line.slice(1);
      return `${marker}${keyRule(body)}`;
    })
    .join('\n');
}
