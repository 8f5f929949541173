import type { Identity } from '../../../shared/api';
import { SYSTEM_AUTHENTICATED } from '../../../shared/roles';
import { Chip } from '../../components/Chip';
import { type GroupOrigin, groupsWithOrigins, rolesWithOrigins } from '../../lib/group-sources';
import { GroupWarnings } from './GroupsAndWarnings';

function OriginNote({ origin }: { origin: GroupOrigin }): React.JSX.Element | null {
  switch (origin.kind) {
    case 'role':
      return (
        <span className="origin">
          from role <strong>{origin.role}</strong>
          {origin.idp && <Chip>IdP group</Chip>}
        </span>
      );
    case 'always':
      return <span className="origin">always (every signed-in person)</span>;
    case 'other':
      return <span className="origin">from {origin.from}</span>;
    case 'unknown':
      return null;
  }
}

/** Each sent group with where it comes from: a role (from the org file or an IdP group), or always. */
export function GroupOrigins({ identity }: { identity: Identity }): React.JSX.Element {
  const groups = groupsWithOrigins(identity);
  return (
    <div className="stack stack--tight">
      {groups.length === 0 ? (
        <span className="muted">No groups</span>
      ) : (
        <ul className="origin-list" aria-label="Groups">
          {groups.map(({ name, origin }) => (
            <li key={name} className="origin-list__item">
              <Chip mono tone={name === SYSTEM_AUTHENTICATED ? 'neutral' : 'accent'}>
                {name}
              </Chip>
              <OriginNote origin={origin} />
            </li>
          ))}
        </ul>
      )}
      <GroupWarnings warnings={identity.warnings} />
    </div>
  );
}

/** The roles, each marked when the IdP's groups gave it rather than the org file. */
export function RoleOrigins({ identity }: { identity: Identity }): React.JSX.Element {
  const roles = rolesWithOrigins(identity);
  if (roles.length === 0) return <span className="muted">No roles</span>;
  return (
    <ul className="origin-list" aria-label="Roles">
      {roles.map(({ role, from }) => (
        <li key={role} className="origin-list__item">
          <Chip>{role}</Chip>
          {from === 'idp' && <Chip>IdP group</Chip>}
          {from === 'org' && <span className="origin">organisation file</span>}
        </li>
      ))}
    </ul>
  );
}
