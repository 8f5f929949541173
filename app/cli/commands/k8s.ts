// `gatehouse k8s update-config [--dry-run] [--force] [--kubeconfig PATH]` (SPEC §5, §7): puts a
// context per assigned resource into the user's kubeconfig, pointing at the local proxy.
import { kubeconfigEntries } from '../../connections/kubeconfig-entries';
import {
  KubeconfigClashError,
  KubeconfigFileError,
  KubeconfigShapeError,
  KubeconfigSyntaxError,
  resolveKubeconfigTarget,
  tighteningMessage,
  updateKubeconfig,
  type KubeconfigTarget,
  type UpdateKubeconfigResult,
} from '../../kubeconfig';
import { appDataRoot, appPaths } from '../../paths';
import { SettingsStore } from '../../state/settings-store';
import { CliError, EXIT, type CliIo, type Command } from '../command';
import { loadSessionOrg, sessionIdentity, sessionUser } from '../session';

const USAGE = 'usage: gatehouse k8s update-config [--dry-run] [--force] [--rotate-tokens] [--kubeconfig PATH]';

/** Maps the writer's typed errors to SPEC §7 exit codes; their messages already say what and where. */
function asCliError(error: unknown): unknown {
  if (error instanceof KubeconfigClashError) return new CliError(error.message, EXIT.refused);
  if (error instanceof KubeconfigSyntaxError || error instanceof KubeconfigShapeError) return new CliError(error.message, EXIT.usage);
  if (error instanceof KubeconfigFileError) return new CliError(error.message, EXIT.failure);
  return error;
}

function printSummary(io: CliIo, result: UpdateKubeconfigResult): void {
  const rows: Array<[string, string[]]> = [
    ['added', result.added],
    ['updated', result.updated],
    ['removed', result.removed],
    ['unchanged', result.unchanged],
  ];
  for (const [label, contexts] of rows) if (contexts.length > 0) io.out(`  ${label}: ${contexts.join(', ')}\n`);
}

function fileLabel(target: KubeconfigTarget): string {
  return target.file === target.path ? target.file : `${target.file} (through the link ${target.path})`;
}

function printTightening(io: CliIo, result: UpdateKubeconfigResult, dryRun: boolean): void {
  if (result.tightened !== undefined) io.out(`${tighteningMessage(result.file, result.tightened, dryRun)}\n`);
}

function report(io: CliIo, target: KubeconfigTarget, result: UpdateKubeconfigResult, dryRun: boolean): void {
  if (dryRun) {
    // The diff comes with its credentials hidden (redact-diff.ts).
    io.out(result.diff);
    io.out(result.diff === '' ? `dry run: ${fileLabel(target)} is up to date\n` : `dry run: nothing written to ${fileLabel(target)}\n`);
    printTightening(io, result, true);
    printSummary(io, result);
    return;
  }
  if (!result.written) {
    io.out(`${fileLabel(target)} is up to date\n`);
    printTightening(io, result, false);
    printSummary(io, result);
    return;
  }
  io.out(`${result.created ? 'created' : 'updated'} ${fileLabel(target)}\n`);
  printTightening(io, result, false);
  printSummary(io, result);
  if (result.backup !== undefined) io.out(`backup of the previous version: ${result.backup}\n`);
  const example = result.added[0] ?? result.updated[0] ?? result.unchanged[0];
  if (example !== undefined) io.out(`try: kubectl --context ${example} get pods (with the resource connected)\n`);
}

export const k8sCommand: Command = async (ctx) => {
  const [subcommand, ...extra] = ctx.args;
  if (subcommand !== 'update-config' || extra.length > 0) throw new CliError(`${subcommand === undefined ? 'missing subcommand' : `unexpected "${[subcommand, ...extra].join(' ')}"`}; ${USAGE}`, EXIT.usage);
  const { file, org } = await loadSessionOrg(ctx);
  const user = sessionUser(ctx);
  const identity = sessionIdentity(org, file, user);
  const paths = appPaths(appDataRoot(ctx.env));
  // Same ports, tokens, CA and file as the app's button: both read the user's settings.
  const settings = new SettingsStore(paths.settings).get();
  const dryRun = ctx.options['dry-run'] === true;
  const rotate = ctx.options['rotate-tokens'] === true;
  if (rotate && dryRun) throw new CliError('--rotate-tokens writes new tokens; it cannot be combined with --dry-run', EXIT.usage);
  const entries = await kubeconfigEntries(paths, org, user, identity.resources, settings.portRange, rotate);
  try {
    const target = await resolveKubeconfigTarget({ flag: ctx.options.kubeconfig ?? settings.kubeconfigPath ?? undefined, env: ctx.env });
    const result = await updateKubeconfig({ target, entries, force: ctx.options.force === true, dryRun });
    report(ctx.io, target, result, dryRun);
  } catch (error) {
    throw asCliError(error);
  }
  return EXIT.ok;
};
