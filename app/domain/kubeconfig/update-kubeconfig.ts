// "Update kubectl configuration" on disk (SPEC §5): read, plan, and — only when something changes
// — take client-go's lock, read again, keep one backup, replace the file atomically.
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { entrySecret, type DesiredEntry } from './desired-entry';
import { isKubeconfigContentError, KubeconfigFileError } from './errors';
import { assertReplaceable, readKubeconfig, type KubeconfigContent } from './kubeconfig-file';
import { withKubeconfigLock } from './kubeconfig-lock';
import type { KubeconfigTarget } from './kubeconfig-target';
import { planKubeconfig, type KubeconfigPlan, type PlanOptions } from './plan-kubeconfig';
import { replaceFileAtomically } from './atomic-replace';
import { ownerOnlyModeOf, privateModeOf, type ModeTightening } from '../../../shared/file-mode';
import { redactDiff } from './redact-diff';
import { unifiedDiff } from './unified-diff';

/** A new kubeconfig is private: it holds tokens. */
const NEW_FILE_MODE = 0o600;
const NEW_DIR_MODE = 0o700;

export interface UpdateKubeconfigRequest extends PlanOptions {
  target: KubeconfigTarget;
  entries: readonly DesiredEntry[];
  /** Plan and diff only; nothing on disk changes. */
  dryRun?: boolean;
  lockTimeoutMs?: number;
}

export interface UpdateKubeconfigResult extends Omit<KubeconfigPlan, 'text' | 'changed'> {
  /** The file whose content was (or would be) replaced: the target after symlinks. */
  file: string;
  written: boolean;
  /** The file did not exist before (it is created unless dry-run). */
  created: boolean;
  /** Where the previous content was saved, when the file was written and existed before. */
  backup: string | undefined;
  /** Unified diff of the change, credentials hidden (redact-diff.ts); '' when nothing changes. */
  diff: string;
  /**
   * The file's mode was (or, on dry run, would be) narrowed to owner-only because it holds
   * Gatehouse's local tokens; the backup gets the same private mode. Undefined when it already was.
   */
  tightened: ModeTightening | undefined;
}

export function backupPathFor(file: string): string {
  return `${file}.gatehouse.bak`;
}

interface Planned {
  content: KubeconfigContent;
  plan: KubeconfigPlan;
}

async function readAndPlan(request: UpdateKubeconfigRequest): Promise<Planned> {
  const { file } = request.target;
  const content = await readKubeconfig(file);
  try {
    return { content, plan: planKubeconfig(content.text, request.entries, request) };
  } catch (error) {
    throw isKubeconfigContentError(error) ? error.inFile(file) : error;
  }
}

/** Whether the file ends up holding Gatehouse's tokens, and so must be private. */
function holdsTokens(plan: KubeconfigPlan): boolean {
  return plan.added.length + plan.updated.length + plan.unchanged.length > 0;
}

/** The narrowing this update makes (or would make) to the file's mode. */
function tighteningOf({ content, plan }: Planned): ModeTightening | undefined {
  const { mode } = content;
  // Windows reports 0666 for any writable file and chmod only toggles read-only: access is the
  // ACL's business there (a profile's .kube is the user's own), so there is nothing to report.
  if (process.platform === 'win32') return undefined;
  if (mode === undefined || (!plan.changed && !holdsTokens(plan))) return undefined;
  const to = plan.changed ? privateModeOf(mode) : ownerOnlyModeOf(mode);
  return to === mode ? undefined : { from: mode, to };
}

function diffOf(request: UpdateKubeconfigRequest, { content, plan }: Planned): string {
  if (!plan.changed) return '';
  const { file } = request.target;
  const raw = unifiedDiff(content.text ?? '', plan.text, { from: content.text === undefined ? '/dev/null' : file, to: file });
  return redactDiff(raw, [content.text, plan.text], request.entries.flatMap((entry) => entrySecret(entry) ?? []));
}

function resultOf(request: UpdateKubeconfigRequest, planned: Planned, written: boolean): UpdateKubeconfigResult {
  const { file } = request.target;
  const { content, plan } = planned;
  const created = content.text === undefined;
  return {
    file,
    written,
    created,
    backup: written && !created ? backupPathFor(file) : undefined,
    diff: diffOf(request, planned),
    tightened: tighteningOf(planned),
    added: plan.added,
    updated: plan.updated,
    removed: plan.removed,
    unchanged: plan.unchanged,
  };
}

async function createParentDirectory(file: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: NEW_DIR_MODE });
  } catch (error) {
    throw new KubeconfigFileError(file, `cannot create its directory: ${(error as Error).message}`, { cause: error });
  }
}

/** Under the lock: the file may have changed since the first read (kubectl), so read and plan again. */
async function writeLocked(request: UpdateKubeconfigRequest): Promise<UpdateKubeconfigResult> {
  const planned = await readAndPlan(request);
  if (!planned.plan.changed) {
    await tightenInPlace(request.target.file, tighteningOf(planned)); // someone else wrote the same
    return resultOf(request, planned, false);
  }
  const { file } = request.target;
  const { text, mode } = planned.content;
  await assertReplaceable(file, mode);
  // Local tokens hand whoever reads them the person's cluster identity: a 0644 ~/.kube/config
  // becomes owner-only, and so does the backup, which holds the same secrets.
  const privateMode = mode === undefined ? NEW_FILE_MODE : privateModeOf(mode);
  try {
    if (text !== undefined) await replaceFileAtomically(backupPathFor(file), text, privateMode);
    await replaceFileAtomically(file, planned.plan.text, privateMode);
  } catch (error) {
    throw new KubeconfigFileError(file, `cannot be written (${(error as Error).message}); the file is unchanged`, { cause: error });
  }
  return resultOf(request, planned, true);
}

async function tightenInPlace(file: string, tightening: ModeTightening | undefined): Promise<void> {
  if (tightening === undefined) return;
  try {
    await chmod(file, tightening.to);
    const backup = backupPathFor(file);
    const backupMode = await stat(backup).then((s) => s.mode & 0o7777, () => undefined);
    if (backupMode !== undefined && ownerOnlyModeOf(backupMode) !== backupMode) await chmod(backup, ownerOnlyModeOf(backupMode));
  } catch (error) {
    throw new KubeconfigFileError(file, `cannot be made private (chmod ${tightening.to.toString(8)}): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Brings the kubeconfig at `request.target` up to date. Nothing is locked or written when nothing
 * changes (or on dry-run). Throws KubeconfigSyntaxError / KubeconfigShapeError / KubeconfigClashError
 * (with the file name) for content it will not edit, KubeconfigFileError for I/O, lock and
 * permission problems; in every error case the file is unchanged.
 */
export async function updateKubeconfig(request: UpdateKubeconfigRequest): Promise<UpdateKubeconfigResult> {
  const { file } = request.target;
  let first: Planned | undefined;
  try {
    first = await readAndPlan(request);
  } catch (error) {
    // kubectl rewrites the file in place, so an unlocked read can catch it half-written; only the
    // read under the lock decides whether the content is really bad.
    if (request.dryRun === true || !isKubeconfigContentError(error)) throw error;
  }
  if (first !== undefined && request.dryRun === true) return resultOf(request, first, false);
  if (first !== undefined && !first.plan.changed) {
    // Up to date, but a file with Gatehouse's tokens written before it was made wide (or by an
    // older Gatehouse) is still made private: no content changes, so no lock is needed.
    await tightenInPlace(file, tighteningOf(first));
    return resultOf(request, first, false);
  }

  await assertReplaceable(file, first?.content.mode);
  await createParentDirectory(file);
  if (request.target.path !== file) await createParentDirectory(request.target.path);
  return withKubeconfigLock([request.target.path, file], () => writeLocked(request), request.lockTimeoutMs);
}
