import { rolesPreview } from '../../../shared/org';
import { CliError, EXIT, type Command } from '../command';
import { loadSessionOrg } from '../session';

/** `gatehouse roles preview [--json]`: every role → group, collisions, invalid (SPEC §7). */
export const rolesCommand: Command = async (ctx) => {
  if (ctx.args[0] !== 'preview') throw new CliError(`unknown subcommand "${ctx.args[0] ?? ''}"; use "roles preview"`, EXIT.usage);
  const { org } = await loadSessionOrg(ctx);
  const preview = rolesPreview(org);
  if (ctx.options.json) {
    ctx.io.out(`${JSON.stringify(preview, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(4, ...preview.roles.map((r) => r.role.length));
  const lines = [`${'ROLE'.padEnd(width)}  ${'GROUP'.padEnd(24)}  STATUS     USERS`];
  for (const r of preview.roles) {
    const status = r.status === 'ok' ? 'ok' : r.status;
    lines.push(`${r.role.padEnd(width)}  ${(r.group ?? '-').padEnd(24)}  ${status.padEnd(9)}  ${r.users.join(', ') || '-'}`);
    if (r.reason) lines.push(`${''.padEnd(width)}  └ ${r.reason}`);
  }
  ctx.io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
};
