/**
 * Names Gatehouse sends exactly as the org file writes them (SPEC §11): identity aliases
 * (`Impersonate-User`) and explicit groups (`Impersonate-Group`). They obey the rules of derived
 * groups (SPEC §3: not empty, no `system:`, printable ASCII) and may not start or end with a space,
 * because HTTP strips those from a header value and the cluster would see another name.
 */
import { describeGroupProblem, groupProblem } from './roles';

/** Why `name` (an `alias` or a `group`) cannot be sent, or null when it can. */
export function identityNameProblem(what: 'alias' | 'group', name: string): string | null {
  const problem = groupProblem(name);
  if (problem === 'empty') return `${what} must not be empty`;
  if (problem === 'reserved') return `${what} ${JSON.stringify(name)} starts with "system:", which Kubernetes reserves`;
  if (problem === 'non-printable')
    return describeGroupProblem(problem, name)
      .replace(/^group/, what)
      .replace(/; it is not sent$/, '');
  if (name !== name.trim()) return `${what} ${JSON.stringify(name)} has leading or trailing spaces`;
  return null;
}
