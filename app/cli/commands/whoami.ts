import { EXIT, type Command } from '../command';
import { chosenPerson, readingApi, withApi } from '../../client/reach-api';

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
      `groups:    ${groups.join(', ')}`,
      `resources: ${resources.join(', ') || '(none assigned)'}`,
    ];
    for (const w of warnings)
      lines.push(`warning:   role "${w.role}"${w.group === null ? '' : ` → ${w.group}`}: ${w.problem}`);
    ctx.io.out(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
