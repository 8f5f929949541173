import { GatehouseError } from '../../../shared/errors';
import { EXIT, type Command } from '../command';
import { chosenOrgFile, readingApi, withApi } from '../../client/reach-api';

const USAGE = 'use "rbac generate [<name>] [--broad]"';

/**
 * `gatehouse rbac generate [<name>] [--broad]`: YAML for `kubectl apply -f -` by a cluster admin
 * (SPEC §6). Without a name, one section per resource — apply each to its own cluster.
 */
export const rbacCommand: Command = async (ctx) => {
  const [sub, ...names] = ctx.args;
  if (sub !== 'generate') throw new GatehouseError('usage', `unknown subcommand "${sub ?? ''}"; ${USAGE}`);
  if (names.length > 1) throw new GatehouseError('usage', `name at most one resource; ${USAGE}`);
  const { documents } = await withApi(readingApi(ctx), async (api) =>
    api.call('admin.rbac', {
      name: names[0],
      broad: ctx.options.broad ?? false,
      orgFile: await chosenOrgFile(ctx, api),
    }),
  );
  ctx.io.out(documents.map((d) => d.yaml).join('---\n'));
  return EXIT.ok;
};
