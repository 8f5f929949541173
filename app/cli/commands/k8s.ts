// `gatehouse k8s update-config [--dry-run] [--force] [--kubeconfig PATH]` (SPEC §5, §7): puts a
// context per assigned resource into the user's kubeconfig, pointing at the local proxy.
import type { Org } from '../../../shared/org';
import {
  KubeconfigClashError,
  KubeconfigFileError,
  KubeconfigShapeError,
  KubeconfigSyntaxError,
  resolveKubeconfigTarget,
  updateKubeconfig,
  type DesiredEntry,
  type KubeconfigTarget,
  type UpdateKubeconfigResult,
} from '../../kubeconfig';
import { appDataRoot, appPaths } from '../../paths';
import { ensureLocalTls } from '../../proxy/local-tls';
import { PortStore } from '../../state/port-store';
import { TokenStore } from '../../state/token-store';
import { CliError, EXIT, type CliContext, type CliIo, type Command } from '../command';
import { loadSessionOrg, sessionIdentity, sessionUser } from '../session';

const USAGE = 'usage: gatehouse k8s update-config [--dry-run] [--force] [--kubeconfig PATH]';

/** Port, local token and the machine's CA for each resource; the same ones `connect` serves. */
async function desiredEntries(ctx: CliContext, org: Org, user: string, resources: readonly string[]): Promise<DesiredEntry[]> {
  const paths = appPaths(appDataRoot(ctx.env));
  const ports = new PortStore(paths.ports);
  const tokens = new TokenStore(paths.tokens);
  const { caPem } = ensureLocalTls(paths.tls);
  const fixedPorts = new Set(org.resources.flatMap((r) => (r.port === undefined ? [] : [r.port])));
  const entries: DesiredEntry[] = [];
  for (const name of resources) {
    const fixed = org.resources.find((r) => r.name === name)?.port;
    entries.push({ resource: name, port: await ports.portFor(name, fixed, fixedPorts), token: tokens.get(user, name), caPem });
  }
  return entries;
}

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

function report(io: CliIo, target: KubeconfigTarget, result: UpdateKubeconfigResult, dryRun: boolean): void {
  if (dryRun) {
    io.out(result.diff);
    io.out(result.diff === '' ? `dry run: ${fileLabel(target)} is up to date\n` : `dry run: nothing written to ${fileLabel(target)}\n`);
    printSummary(io, result);
    return;
  }
  if (!result.written) {
    io.out(`${fileLabel(target)} is up to date\n`);
    printSummary(io, result);
    return;
  }
  io.out(`${result.created ? 'created' : 'updated'} ${fileLabel(target)}\n`);
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
  const entries = await desiredEntries(ctx, org, user, identity.resources);
  const dryRun = ctx.options['dry-run'] === true;
  try {
    const target = await resolveKubeconfigTarget({ flag: ctx.options.kubeconfig, env: ctx.env });
    const result = await updateKubeconfig({ target, entries, force: ctx.options.force === true, dryRun });
    report(ctx.io, target, result, dryRun);
  } catch (error) {
    throw asCliError(error);
  }
  return EXIT.ok;
};
