import { GatehouseError } from '../../../shared/errors';
import { EXIT, type Command } from '../command';
import { chosenOrgFile, readingApi, withApi } from '../../client/reach-api';

/** `gatehouse roles preview [--json]`: every role → group, collisions, invalid (SPEC §7). */
export const rolesCommand: Command = async (ctx) => {
  if (ctx.args[0] !== 'preview')
    throw new GatehouseError('usage', `unknown subcommand "${ctx.args[0] ?? ''}"; use "roles preview"`);
  // With each role's bindings per resource, as the cluster has them; a cluster that cannot be
  // asked is reported per resource (bindings[].error), the mapping itself is always shown.
  const preview = await withApi(readingApi(ctx), async (api) =>
    api.call('admin.rolesWithBindings', { orgFile: await chosenOrgFile(ctx, api) }),
  );
  if (ctx.options.json) {
    ctx.io.out(`${JSON.stringify(preview, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(4, ...preview.roles.map((r) => r.role.length));
  const lines = [`${'ROLE'.padEnd(width)}  ${'GROUP'.padEnd(24)}  STATUS     USERS`];
  for (const r of preview.roles) {
    const status = r.status === 'ok' ? 'ok' : r.status;
    lines.push(
      `${r.role.padEnd(width)}  ${(r.group ?? '-').padEnd(24)}  ${status.padEnd(9)}  ${r.users.join(', ') || '-'}`,
    );
    if (r.reason) lines.push(`${''.padEnd(width)}  └ ${r.reason}`);
    for (const b of r.bindings) {
      const where = b.error
        ? `cannot read bindings: ${b.error}`
        : b.bindings.length === 0
          ? 'NO BINDINGS: members get no access'
          : b.bindings
              .map(
                (x) =>
                  `${x.kind} ${x.namespace ? `${x.namespace}/` : ''}${x.name} → ${x.roleRef.kind} ${x.roleRef.name}`,
              )
              .join('; ');
      lines.push(`${''.padEnd(width)}  ${b.resource}: ${where}`);
    }
  }
  // SPEC §11: explicit groups, each with the rule that sends it and where.
  const explicit = preview.explicitGroups ?? [];
  if (explicit.length > 0) lines.push('', 'EXPLICIT GROUPS (sent only on the resources their rule grants)');
  for (const e of explicit) {
    lines.push(
      `${e.group}  from rule ${e.rule} of role "${e.role}" → ${e.resources.join(', ') || '(no resource)'}; users: ${e.users.join(', ') || '-'}`,
    );
    for (const b of e.bindings) {
      const where = b.error
        ? `cannot read bindings: ${b.error}`
        : b.bindings.length === 0
          ? 'NO BINDINGS'
          : b.bindings
              .map(
                (x) =>
                  `${x.kind} ${x.namespace ? `${x.namespace}/` : ''}${x.name} → ${x.roleRef.kind} ${x.roleRef.name}`,
              )
              .join('; ');
      lines.push(`  ${b.resource}: ${where}`);
    }
  }
  ctx.io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
};
