import { generateRbacYaml } from '../../admin/rbac/generate-rbac';
import { LeasedIdentityUnknown } from '../../admin/leased-identity';
import { selectResources, UnknownResourceError } from '../../admin/select-resources';
import { CredentialError } from '../../proxy/upstream';
import { CliError, EXIT, type Command } from '../command';
import { loadSessionOrg } from '../session';

const USAGE = 'use "rbac generate [<name>] [--broad]"';

/**
 * `gatehouse rbac generate [<name>] [--broad]`: YAML for `kubectl apply -f -` by a cluster admin
 * (SPEC §6). Without a name, one section per resource — apply each to its own cluster.
 */
export const rbacCommand: Command = async (ctx) => {
  const [sub, ...names] = ctx.args;
  if (sub !== 'generate') throw new CliError(`unknown subcommand "${sub ?? ''}"; ${USAGE}`, EXIT.usage);
  if (names.length > 1) throw new CliError(`name at most one resource; ${USAGE}`, EXIT.usage);
  const { file, org } = await loadSessionOrg(ctx);
  try {
    selectResources(org, names);
  } catch (err) {
    if (err instanceof UnknownResourceError) throw new CliError(`${err.message} in ${file}`, EXIT.usage);
    throw err;
  }
  try {
    ctx.io.out(await generateRbacYaml(org, { resources: names, broad: ctx.options.broad ?? false }));
  } catch (err) {
    if (err instanceof LeasedIdentityUnknown) {
      throw new CliError(
        `cannot tell which identity the leased credential is, so there is nothing to bind: ${err.message}`,
        EXIT.failure,
      );
    }
    if (err instanceof CredentialError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
  return EXIT.ok;
};
