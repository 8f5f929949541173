// A last look at the planned text before anyone writes it: it must parse, hold exactly the wanted
// Gatehouse entries and no leftovers. A failure here is a Gatehouse bug; the file stays untouched.
import type { DesiredItems } from './desired-entry';
import { entryName, SECTIONS } from './entry-names';
import { findRootPair, readSection } from './kubeconfig-section';
import { parseKubeconfig } from './parse-kubeconfig';
import { plainEqual } from './plain-equal';

export function verifyPlannedText(text: string, wanted: ReadonlyMap<string, DesiredItems>, currentContext: string | undefined): void {
  const fail = (what: string): never => {
    throw new Error(`internal: the planned kubeconfig is wrong (${what}); nothing was written`);
  };
  let parsed;
  try {
    parsed = parseKubeconfig(text);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  for (const { kind, list } of SECTIONS) {
    const items = readSection(parsed, kind, list).items;
    for (const [resource, desired] of wanted) {
      const matches = items.filter((item) => item.name === entryName(kind, resource));
      if (matches.length !== 1 || !plainEqual(matches[0]?.value, desired[kind])) fail(`${kind} "${entryName(kind, resource)}"`);
    }
    const leftover = items.find((item) => item.owner !== undefined && !wanted.has(item.owner));
    if (leftover) fail(`leftover ${kind} "${leftover.name ?? ''}"`);
  }
  if (currentContext !== undefined) {
    const value = findRootPair(parsed, 'current-context')?.value?.toJSON() as unknown;
    if (value !== currentContext) fail('current-context');
  }
}
