import type { Identity } from '../../../shared/api';
import { EXIT, type Command } from '../command';
import { chosenPerson, readingApi, withApi } from '../../client/reach-api';

/** Each group with where it comes from, when the host says: `developers (role Developers, from the IdP)`. */
function withSources(identity: Identity): string {
  const { groupSources, roleSources } = identity;
  if (!groupSources) return identity.groups.join(', ');
  const fromIdp = new Set((roleSources ?? []).filter((r) => r.from === 'idp').map((r) => r.role));
  return groupSources
    .map(({ name, from }) => {
      if (from === 'always') return `${name} (always)`;
      const role = from.startsWith('role:') ? from.slice('role:'.length) : null;
      return role === null ? name : `${name} (role ${role}${fromIdp.has(role) ? ', from the IdP' : ''})`;
    })
    .join(', ');
}

/** `gatehouse whoami [--json]`: the identity the proxy will send, with warnings (SPEC §7). */
export const whoamiCommand: Command = (ctx) =>
  withApi(readingApi(ctx), async (api) => {
    const identity = await api.call('identity.whoami', await chosenPerson(ctx, api));
    const { email, roles, groups, warnings, resources } = identity;
    if (ctx.options.json) {
      // SPEC §7's fields, then where roles and groups come from when the host says.
      const { roleSources, groupSources } = identity;
      ctx.io.out(
        `${JSON.stringify({ email, name: identity.name, roles, groups, warnings, resources, ...(roleSources ? { roleSources } : {}), ...(groupSources ? { groupSources } : {}) }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    const lines = [
      `email:     ${email}${identity.name ? ` (${identity.name})` : ''}`,
      `roles:     ${roles.join(', ') || '(none)'}`,
      `groups:    ${withSources(identity)}`,
      `resources: ${resources.join(', ') || '(none assigned)'}`,
    ];
    for (const w of warnings)
      lines.push(`warning:   role "${w.role}"${w.group === null ? '' : ` → ${w.group}`}: ${w.problem}`);
    ctx.io.out(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
