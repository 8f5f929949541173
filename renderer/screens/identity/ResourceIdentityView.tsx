// Who the person is on one resource (SPEC §11): the username (email or identity alias) and each
// group with where it comes from — a role, an explicit group of an access rule, or always. What
// is shown is what the proxy or gateway sends (shared/resource-identity.ts computes both). The list
// is labelled "Sent to <resource>", not "Groups…": Playwright matches names by substring, and the
// identity panel already has a list named "Groups".
import type { ResourceIdentity } from '../../../shared/api';
import { SYSTEM_AUTHENTICATED } from '../../../shared/roles';
import { Chip } from '../../components/Chip';

/** `role Developers`, `rule 2 of role Payments Engineers`, `always`. */
export function groupSourceText(from: string): string {
  if (from.startsWith('role:')) return `from role ${from.slice('role:'.length)}`;
  const rule = /^rule:(.*)#(\d+)$/.exec(from);
  if (rule) return `explicit group of rule ${rule[2]} of role ${rule[1]}`;
  if (from === 'always') return 'always (every signed-in person)';
  return `from ${from}`;
}

export function usernameSourceText(identity: ResourceIdentity): string {
  return identity.usernameFrom === 'email'
    ? 'your email'
    : `your alias in identity set ${identity.usernameFrom.slice('alias:'.length)}`;
}

export function ResourceIdentityView({ identity }: { identity: ResourceIdentity }): React.JSX.Element {
  return (
    <div className="stack stack--tight" aria-label={`Identity on ${identity.resource}`}>
      {identity.username === null ? (
        <p role="alert">You cannot connect here: {identity.problem}</p>
      ) : (
        <p>
          Requests reach the cluster as <strong className="mono">{identity.username}</strong>{' '}
          <span className="origin">({usernameSourceText(identity)})</span> with these groups:
        </p>
      )}
      <ul className="origin-list" aria-label={`Sent to ${identity.resource}`}>
        {identity.groups.map(({ name, from }) => (
          <li key={name} className="origin-list__item">
            <Chip mono tone={name === SYSTEM_AUTHENTICATED ? 'neutral' : 'accent'}>
              {name}
            </Chip>
            <span className="origin">{groupSourceText(from)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
