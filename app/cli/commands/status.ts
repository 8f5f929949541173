import type { ResourceStatus } from '../../../shared/api';
import { GatehouseError } from '../../../shared/errors';
import { EXIT, type CliContext, type Command } from '../command';
import { hostApiStartingAgent, withApi } from '../../client/reach-api';

export function printStatuses(resources: ResourceStatus[], json: boolean | undefined, out: (t: string) => void): void {
  if (json) {
    const rows = resources.map(({ name, type, port, state, health, error }) => ({
      name,
      type,
      port,
      state,
      health,
      error,
    }));
    out(`${JSON.stringify({ resources: rows }, null, 2)}\n`);
    return;
  }
  if (resources.length === 0) {
    out('no resources assigned\n');
    return;
  }
  const width = Math.max(8, ...resources.map((r) => r.name.length));
  const lines = [`${'RESOURCE'.padEnd(width)}  PORT   STATE         HEALTH     `];
  for (const r of resources) {
    lines.push(
      `${r.name.padEnd(width)}  ${String(r.port ?? '-').padEnd(5)}  ${r.state.padEnd(12)}  ${r.health.padEnd(9)}  ${r.error ?? ''}`.trimEnd(),
    );
  }
  out(`${lines.join('\n')}\n`);
}

/** `gatehouse status [--json]`: the host's resources, port, state and health (SPEC §7). */
export const statusCommand: Command = (ctx) =>
  withApi(hostApiStartingAgent(ctx), async (api) => {
    const { resources } = await api.call('resources.list', undefined);
    const { gateway, user } = await api.call('session.get', undefined);
    // Gateway mode (text only; --json stays SPEC §7's rows): through which gateway, and how it is.
    if (gateway && !ctx.options.json) {
      const how =
        gateway.state === 'expired'
          ? 'signed out: run "gatehouse login"'
          : gateway.reachable === false
            ? `unreachable: ${gateway.reachError ?? ''}`
            : `signed in as ${user ?? '?'}`;
      ctx.io.out(`gateway ${gateway.url} (${how})\n`);
    }
    printStatuses(resources, ctx.options.json, (t) => ctx.io.out(t));
    return EXIT.ok;
  });

/** connect / disconnect through the agent (started in the background if needed), then the statuses. */
export async function changeConnections(
  ctx: CliContext,
  channel: 'connections.connect' | 'connections.disconnect',
): Promise<number> {
  if (!ctx.options.all && ctx.args.length === 0) throw new GatehouseError('usage', 'name a resource or pass --all');
  return withApi(hostApiStartingAgent(ctx), async (api) => {
    const { resources } = await api.call(channel, ctx.options.all ? { all: true } : { names: ctx.args });
    printStatuses(resources, ctx.options.json, (t) => ctx.io.out(t));
    return EXIT.ok;
  });
}
