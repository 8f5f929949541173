// The pure planner: given the kubeconfig text and the resources assigned now, the new text and
// what changed. No I/O, so it is tested on a corpus and with generated files.
import { assertNoDanglingAliases } from './anchor-guard';
import { blockStyleOf } from './block-style';
import { withConfigSkeleton } from './config-skeleton';
import { decideEntries } from './decide-entries';
import { checkDesiredEntries, type DesiredEntry } from './desired-entry';
import { SECTIONS } from './entry-names';
import { KubeconfigClashError } from './errors';
import { findRootPair, readSection, type KubeconfigSection } from './kubeconfig-section';
import { emptyListChange, isEmptyListChange, listEdits, type ListChange } from './list-edits';
import type { ParsedKubeconfig } from './parse-kubeconfig';
import type { BlockStyle } from './render-yaml';
import { addRootPairs, fillNullList, setRootScalar } from './root-edits';
import { applyTextEdits, type TextEdit } from './text-edit';
import { verifyPlannedText } from './verify-plan';

export interface PlanOptions {
  /** Replace entries with Gatehouse's names that Gatehouse does not own, instead of refusing. */
  force?: boolean;
  /** Set `current-context` to this resource's context ("Use this context"); otherwise it is left alone. */
  useContext?: string;
}

/** The new text, and what happened per context (= resource) name. */
export interface KubeconfigPlan {
  text: string;
  /** False when `text` is the input unchanged (a missing file stays missing). */
  changed: boolean;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
}

type RootPair = { key: string; items?: unknown[]; scalar?: string };

function sectionEdits(parsed: ParsedKubeconfig, section: KubeconfigSection, change: ListChange, style: BlockStyle, newPairs: RootPair[]): TextEdit[] {
  if (isEmptyListChange(change)) return [];
  if (section.seq) return listEdits(parsed, section.seq, change, style);
  // No list yet: only additions are possible.
  if (section.pair) return fillNullList(parsed, section.pair, change.append, style);
  newPairs.push({ key: section.list, items: change.append });
  return [];
}

function currentContextEdits(parsed: ParsedKubeconfig, useContext: string | undefined, newPairs: RootPair[]): TextEdit[] {
  if (useContext === undefined) return [];
  const pair = findRootPair(parsed, 'current-context');
  if (pair) return setRootScalar(parsed, pair, useContext);
  newPairs.push({ key: 'current-context', scalar: useContext });
  return [];
}

/**
 * Plans the kubeconfig update: Gatehouse's entries for `entries` added or brought up to date, owned
 * entries of resources no longer assigned removed, everything else byte-for-byte as it was.
 * Throws KubeconfigSyntaxError / KubeconfigShapeError for a file it cannot edit, and
 * KubeconfigClashError when foreign entries have Gatehouse's names and `force` is not set.
 */
export function planKubeconfig(current: string | undefined, entries: readonly DesiredEntry[], options: PlanOptions = {}): KubeconfigPlan {
  checkDesiredEntries(entries);
  if (options.useContext !== undefined && !entries.some((e) => e.resource === options.useContext)) {
    throw new Error(`cannot use context "${options.useContext}": it is not one of the assigned resources`);
  }
  const parsed = withConfigSkeleton(current ?? '');
  const style = blockStyleOf(parsed);
  const sections = SECTIONS.map(({ kind, list }) => readSection(parsed, kind, list));
  const decisions = decideEntries(sections, entries, (offset) => parsed.positionOf(offset).line);
  if (decisions.clashes.length > 0 && options.force !== true) throw new KubeconfigClashError(decisions.clashes);

  for (const section of sections) assertNoDanglingAliases(parsed, section, decisions.changes.get(section.kind) ?? emptyListChange());

  const newPairs: RootPair[] = [];
  const edits = sections.flatMap((section) => sectionEdits(parsed, section, decisions.changes.get(section.kind) ?? emptyListChange(), style, newPairs));
  edits.push(...currentContextEdits(parsed, options.useContext, newPairs));
  edits.push(...addRootPairs(parsed, newPairs, style));

  const byStatus = (status: string): string[] => entries.filter((e) => decisions.status.get(e.resource) === status).map((e) => e.resource);
  const summary = { added: byStatus('added'), updated: byStatus('updated'), removed: decisions.removed, unchanged: byStatus('unchanged') };
  if (edits.length === 0) return { text: current ?? '', changed: false, ...summary };

  const text = applyTextEdits(parsed.text, edits);
  verifyPlannedText(text, decisions.wanted, options.useContext);
  return { text, changed: text !== current, ...summary };
}
