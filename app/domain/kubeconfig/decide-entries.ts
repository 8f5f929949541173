// Decides, per list item, what Gatehouse does: keep, rewrite, remove or add — before any text is
// touched, so a refusal (clash without force) changes nothing.
import { desiredItems, type DesiredEntry, type DesiredItems } from './desired-entry';
import { entryName, type EntryKind } from './entry-names';
import type { Clash } from './errors';
import type { KubeconfigSection, SectionItem } from './kubeconfig-section';
import { emptyListChange, type ListChange } from './list-edits';
import { contextNamespace } from './ownership';
import { plainEqual } from './plain-equal';

export type EntryStatus = 'added' | 'updated' | 'unchanged';

export interface EntryDecisions {
  changes: Map<EntryKind, ListChange>;
  /** Foreign items that have a name Gatehouse needs. */
  clashes: Clash[];
  /** The items Gatehouse wants, per resource (with the namespace carried over). */
  wanted: Map<string, DesiredItems>;
  status: Map<string, EntryStatus>;
  /** Resources no longer assigned whose owned entries are removed, in file order. */
  removed: string[];
}

type ItemOutcome = 'added' | 'updated' | 'unchanged';

function sectionOf(sections: readonly KubeconfigSection[], kind: EntryKind): KubeconfigSection {
  const section = sections.find((s) => s.kind === kind);
  if (!section) throw new Error(`internal: no ${kind} section`);
  return section;
}

/** The existing context's namespace survives a rewrite (SPEC §5), also when --force takes over a foreign one. */
function carriedNamespace(contexts: KubeconfigSection, resource: string): string | undefined {
  const existing = contexts.items.find((item) => item.name === entryName('context', resource));
  return existing ? contextNamespace(existing.value) : undefined;
}

/**
 * Places `wanted` in the list: the first item with its name is rewritten in place (or kept when
 * already equal); further items with that name are removed, since only one of them could win.
 */
function placeItem(matches: readonly SectionItem[], wanted: Record<string, unknown>, change: ListChange): ItemOutcome {
  const [target, ...duplicates] = matches;
  if (target === undefined) {
    change.append.push(wanted);
    return 'added';
  }
  for (const duplicate of duplicates) change.remove.add(duplicate.index);
  if (duplicates.length === 0 && plainEqual(target.value, wanted)) return 'unchanged';
  change.replace.set(target.index, wanted);
  return 'updated';
}

function overallStatus(outcomes: readonly ItemOutcome[]): EntryStatus {
  if (outcomes.every((o) => o === 'unchanged')) return 'unchanged';
  return outcomes.every((o) => o === 'added') ? 'added' : 'updated';
}

export function decideEntries(
  sections: readonly KubeconfigSection[],
  entries: readonly DesiredEntry[],
  lineOf: (offset: number) => number,
): EntryDecisions {
  const decisions: EntryDecisions = { changes: new Map(), clashes: [], wanted: new Map(), status: new Map(), removed: [] };
  for (const section of sections) decisions.changes.set(section.kind, emptyListChange());
  const change = (kind: EntryKind): ListChange => decisions.changes.get(kind) ?? emptyListChange();

  for (const entry of entries) {
    const wanted = desiredItems(entry, carriedNamespace(sectionOf(sections, 'context'), entry.resource));
    decisions.wanted.set(entry.resource, wanted);
    const outcomes = (['cluster', 'user', 'context'] as const).map((kind) => {
      const name = entryName(kind, entry.resource);
      const matches = sectionOf(sections, kind).items.filter((item) => item.name === name);
      for (const foreign of matches.filter((item) => item.owner !== entry.resource)) {
        decisions.clashes.push({ kind, name, line: lineOf(foreign.offset) });
      }
      return placeItem(matches, wanted[kind], change(kind));
    });
    decisions.status.set(entry.resource, overallStatus(outcomes));
  }

  const assigned = new Set(entries.map((e) => e.resource));
  for (const section of sections) {
    for (const item of section.items) {
      if (item.owner === undefined || assigned.has(item.owner)) continue;
      change(section.kind).remove.add(item.index);
      if (!decisions.removed.includes(item.owner)) decisions.removed.push(item.owner);
    }
  }
  return decisions;
}
