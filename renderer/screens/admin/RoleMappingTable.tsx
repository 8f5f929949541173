import { useEffect } from 'react';
import type { RolePreviewWithBindings } from '../../../shared/admin';
import type { RoleStatus } from '../../../shared/roles';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshIcon } from '../../components/icons';
import { Loading } from '../../components/Loading';
import { StatusPill, type Tone } from '../../components/StatusPill';
import { currentValue } from '../../api/loadable';
import { plural } from '../../lib/format';
import { useRoleMapping } from '../../stores/role-mapping-store';
import { RoleBindingsCell, isUnbound } from './RoleBindingsCell';

const STATUS_LOOK: Record<RoleStatus, { tone: Tone; label: string }> = {
  ok: { tone: 'success', label: 'OK' },
  collision: { tone: 'warning', label: 'Collision' },
  invalid: { tone: 'danger', label: 'Invalid' },
};

function Users({ users }: { users: readonly string[] }): React.JSX.Element {
  if (users.length === 0) return <span className="muted">Nobody</span>;
  return (
    <ul className="plain-list">
      {users.map((user) => (
        <li key={user} className="mono small">
          {user}
        </li>
      ))}
    </ul>
  );
}

function RoleRow({ role }: { role: RolePreviewWithBindings }): React.JSX.Element {
  const look = STATUS_LOOK[role.status];
  return (
    <tr>
      <th scope="row" className="table__role">
        {role.role}
      </th>
      <td className="mono">{role.group ?? <span className="muted">none</span>}</td>
      <td>
        <div className="stack stack--tight">
          <StatusPill tone={look.tone}>{look.label}</StatusPill>
          {role.reason !== null && <span className="small">{role.reason}</span>}
          {role.reason === null && role.collidesWith.length > 0 && (
            <span className="small muted">
              Shares its group with {role.collidesWith.map((other) => `“${other}”`).join(', ')}
            </span>
          )}
        </div>
      </td>
      <td>
        <Users users={role.users} />
      </td>
      <td>
        <RoleBindingsCell role={role} />
      </td>
    </tr>
  );
}

function Summary({ roles }: { roles: readonly RolePreviewWithBindings[] }): React.JSX.Element {
  const collisions = roles.filter((role) => role.status === 'collision').length;
  const invalid = roles.filter((role) => role.status === 'invalid').length;
  const unbound = roles.filter(isUnbound).length;
  return (
    <p className="muted">
      {plural(roles.length, 'role')} · {plural(collisions, 'collision')} · {invalid} invalid · {unbound} unbound
    </p>
  );
}

/** Every role → Kubernetes group (SPEC §3) with the cluster's bindings for it. */
export function RoleMappingTable(): React.JSX.Element {
  const loadable = useRoleMapping((store) => store.roles);
  const load = useRoleMapping((store) => store.load);
  useEffect(() => {
    if (loadable.status === 'idle') void load();
  }, [loadable.status, load]);

  const roles = currentValue(loadable);
  return (
    <div className="stack">
      <div className="row">
        {roles !== null ? <Summary roles={roles} /> : <span />}
        <span className="spacer" />
        <Button size="small" icon={<RefreshIcon />} busy={loadable.status === 'loading'} onClick={() => void load()}>
          Refresh
        </Button>
      </div>
      {loadable.status === 'failed' && (
        <ErrorNotice title="The role mapping could not be read" error={loadable.error} />
      )}
      {roles === null && loadable.status === 'loading' && <Loading label="Reading roles and the clusters' bindings…" />}
      {roles !== null && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Role to group mapping</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Group</th>
                <th scope="col">Status</th>
                <th scope="col">Users</th>
                <th scope="col">Bindings per resource</th>
              </tr>
            </thead>
            <tbody>
              {roles.map((role) => (
                <RoleRow key={role.role} role={role} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
