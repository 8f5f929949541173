// `gatehouse k8s update-config [--dry-run] [--force] [--rotate-tokens] [--use-context NAME]
// [--kubeconfig PATH]` (SPEC §5, §7): puts a context per assigned resource into the user's
// kubeconfig, pointing at the local proxy. The same `kubeconfig.update` call as the app's button
// (app/api/kubeconfig-handler.ts): the rules — what a dry run may do, which file, which entries —
// live there once; this prints the answer.
import type { KubeconfigUpdate } from '../../../shared/api';
import { GatehouseError } from '../../../shared/errors';
import { tighteningMessage } from '../../../shared/file-mode';
import { EXIT, type CliIo, type Command } from '../command';
import { chosenPerson, readingApi, withApi } from '../../client/reach-api';

const USAGE =
  'usage: gatehouse k8s update-config [--dry-run] [--force] [--rotate-tokens] [--use-context NAME] [--kubeconfig PATH] [--direct]';

function printSummary(io: CliIo, result: KubeconfigUpdate): void {
  const rows: Array<[string, string[]]> = [
    ['added', result.added],
    ['updated', result.updated],
    ['removed', result.removed],
    ['unchanged', result.unchanged],
  ];
  for (const [label, contexts] of rows) if (contexts.length > 0) io.out(`  ${label}: ${contexts.join(', ')}\n`);
}

function fileLabel(result: KubeconfigUpdate): string {
  return result.link === null ? result.file : `${result.file} (through the link ${result.link})`;
}

function printTightening(io: CliIo, result: KubeconfigUpdate, dryRun: boolean): void {
  if (result.tightened === null) return;
  const { from, to } = result.tightened;
  io.out(`${tighteningMessage(result.file, { from: Number.parseInt(from, 8), to: Number.parseInt(to, 8) }, dryRun)}\n`);
}

function report(io: CliIo, result: KubeconfigUpdate, dryRun: boolean): void {
  if (dryRun) {
    // The diff comes with its credentials hidden (redact-diff.ts).
    io.out(result.diff);
    io.out(
      result.diff === ''
        ? `dry run: ${fileLabel(result)} is up to date\n`
        : `dry run: nothing written to ${fileLabel(result)}\n`,
    );
    printTightening(io, result, true);
    printSummary(io, result);
    return;
  }
  if (!result.written) {
    io.out(`${fileLabel(result)} is up to date\n`);
    printTightening(io, result, false);
    printSummary(io, result);
    return;
  }
  io.out(`${result.created ? 'created' : 'updated'} ${fileLabel(result)}\n`);
  printTightening(io, result, false);
  printSummary(io, result);
  if (result.backup !== null) io.out(`backup of the previous version: ${result.backup}\n`);
  const example = result.added[0] ?? result.updated[0] ?? result.unchanged[0];
  if (example !== undefined) io.out(`try: kubectl --context ${example} get pods (with the resource connected)\n`);
}

export const k8sCommand: Command = async (ctx) => {
  const [subcommand, ...extra] = ctx.args;
  if (subcommand !== 'update-config' || extra.length > 0) {
    throw new GatehouseError(
      'usage',
      `${subcommand === undefined ? 'missing subcommand' : `unexpected "${[subcommand, ...extra].join(' ')}"`}; ${USAGE}`,
    );
  }
  const dryRun = ctx.options['dry-run'] === true;
  const result = await withApi(readingApi(ctx), async (api) =>
    api.call('kubeconfig.update', {
      ...(await chosenPerson(ctx, api)),
      dryRun,
      force: ctx.options.force === true,
      rotateTokens: ctx.options['rotate-tokens'] === true,
      ...(ctx.options.direct === true ? { direct: true } : {}),
      ...(ctx.options.kubeconfig !== undefined ? { path: ctx.options.kubeconfig } : {}),
      ...(ctx.options['use-context'] !== undefined ? { useContext: ctx.options['use-context'] } : {}),
      // This process's view of where the kubeconfig is, whichever process writes it.
      environment: {
        cwd: process.cwd(),
        KUBECONFIG: ctx.env.KUBECONFIG ?? '',
        ...(ctx.env.HOME ? { HOME: ctx.env.HOME } : {}),
      },
    }),
  );
  report(ctx.io, result, dryRun);
  return EXIT.ok;
};
