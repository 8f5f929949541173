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

/** One group's source as a person reads it: `role Developers`, `rule 1 of Payments Engineers`, `always`. */
function sourceText(from: string): string {
  if (from.startsWith('role:')) return `role ${from.slice('role:'.length)}`;
  const rule = /^rule:(.*)#(\d+)$/.exec(from);
  if (rule) return `rule ${rule[2]} of role ${rule[1]}`;
  return from;
}

/** `  payments: alice_l (alias in contractors); groups: payments-rw (rule 1 of role …), …` per resource. */
function identityLines(identity: Identity): string[] {
  return (identity.identities ?? []).map(({ resource, username, usernameFrom, groups, problem }) => {
    const who =
      username === null
        ? `cannot connect: ${problem ?? 'no username'}`
        : `${username} (${usernameFrom === 'email' ? 'email' : `alias in ${usernameFrom.slice('alias:'.length)}`})`;
    return `  ${resource}: ${who}; groups: ${groups.map((g) => `${g.name} (${sourceText(g.from)})`).join(', ')}`;
  });
}

/** `gatehouse whoami [--json]`: the identity the proxy will send, with warnings (SPEC §7). */
export const whoamiCommand: Command = (ctx) =>
  withApi(readingApi(ctx), async (api) => {
    const identity = await api.call('identity.whoami', await chosenPerson(ctx, api));
    const { email, roles, groups, warnings, resources } = identity;
    if (ctx.options.json) {
      // SPEC §7's fields, then where roles and groups come from when the host says.
      // `identities`: per resource, the username and groups sent there (SPEC §11).
      const { roleSources, groupSources, identities } = identity;
      ctx.io.out(
        `${JSON.stringify({ email, name: identity.name, roles, groups, warnings, resources, ...(roleSources ? { roleSources } : {}), ...(groupSources ? { groupSources } : {}), ...(identities ? { identities } : {}) }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    const lines = [
      `email:     ${email}${identity.name ? ` (${identity.name})` : ''}`,
      `roles:     ${roles.join(', ') || '(none)'}`,
      `groups:    ${withSources(identity)}`,
      `resources: ${resources.join(', ') || '(none assigned)'}`,
    ];
    const perResource = identityLines(identity);
    if (perResource.length > 0) lines.push('per resource:', ...perResource);
    for (const w of warnings)
      lines.push(`warning:   role "${w.role}"${w.group === null ? '' : ` → ${w.group}`}: ${w.problem}`);
    ctx.io.out(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
