import { useEffect, useId } from 'react';
import type { UserAccessPreview } from '../../../shared/admin';
import { Callout } from '../../components/Callout';
import { ChipList } from '../../components/Chip';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { currentValue } from '../../api/loadable';
import { useSession } from '../../stores/session-store';
import { useUserAccess } from '../../stores/user-access-store';
import { GroupsAndWarnings } from '../identity/GroupsAndWarnings';
import { CanIGrid } from './CanIGrid';

function UserPickerSelect(): React.JSX.Element | null {
  const selectId = useId();
  const users = useUserAccess((store) => store.users);
  const selected = useUserAccess((store) => store.selectedUser);
  const choose = useUserAccess((store) => store.choose);
  const list = currentValue(users);
  if (users.status === 'failed') return <ErrorNotice title="The users could not be listed" error={users.error} />;
  if (list === null) return <Loading label="Listing users…" />;
  return (
    <div className="field field--inline">
      <label className="field__label" htmlFor={selectId}>
        User
      </label>
      <select
        id={selectId}
        className="select"
        value={selected ?? ''}
        onChange={(event) => void choose(event.target.value)}
      >
        <option value="" disabled>
          Choose a user…
        </option>
        {list.map((user) => (
          <option key={user.email} value={user.email}>
            {user.name === null ? user.email : `${user.name} (${user.email})`}
          </option>
        ))}
      </select>
    </div>
  );
}

function AccessReport({ user }: { user: UserAccessPreview }): React.JSX.Element {
  return (
    <div className="stack">
      <section className="panel" aria-label={`Identity of ${user.email}`}>
        <dl className="facts">
          <dt>Roles</dt>
          <dd>
            <ChipList items={user.roles} label="Roles" none="No roles" />
          </dd>
          <dt>Groups sent</dt>
          <dd>
            <GroupsAndWarnings groups={user.groups} warnings={user.warnings} />
          </dd>
        </dl>
      </section>
      {user.access.length === 0 && (
        <Callout tone="info" title="No resources">
          No resource is assigned to {user.email}.
        </Callout>
      )}
      {user.access.map((entry) => (
        <section key={entry.resource} className="stack stack--tight" aria-labelledby={`access-${entry.resource}`}>
          <h3 id={`access-${entry.resource}`} className="section-title mono">
            {entry.resource}
          </h3>
          {entry.error !== null && (
            <ErrorNotice
              title={`Access on ${entry.resource} could not be checked`}
              error={{ code: 'unavailable', message: entry.error }}
            />
          )}
          {entry.canI !== null && (
            <CanIGrid key={user.email} matrix={entry.canI} resourceName={entry.resource} user={user.email} />
          )}
        </section>
      ))}
    </div>
  );
}

/** Admin: choose a user, see what the cluster lets them do (SubjectAccessReviews as that user and their groups). */
export function UserAccessView(): React.JSX.Element {
  const orgFile = useSession((store) => store.session?.orgFile ?? null);
  const gatewayMode = useSession((store) => (store.session?.gateway ?? null) !== null);
  const usersStatus = useUserAccess((store) => store.users.status);
  const loadUsers = useUserAccess((store) => store.loadUsers);
  const loadGatewayUsers = useUserAccess((store) => store.loadGatewayUsers);
  const access = useUserAccess((store) => store.access);
  const selected = useUserAccess((store) => store.selectedUser);

  useEffect(() => {
    if (usersStatus !== 'idle') return;
    // At a gateway there is no org file here: the people its role mapping names.
    if (gatewayMode) void loadGatewayUsers();
    else if (orgFile !== null) void loadUsers(orgFile);
  }, [orgFile, gatewayMode, usersStatus, loadUsers, loadGatewayUsers]);

  const preview = currentValue(access);
  return (
    <div className="stack">
      <UserPickerSelect />
      {access.status === 'loading' && <Loading label={`Asking the clusters what ${selected ?? 'this user'} may do…`} />}
      {access.status === 'failed' && <ErrorNotice title="Access could not be checked" error={access.error} />}
      {access.status === 'ready' && preview === null && (
        <Callout tone="warning" title="Unknown user">
          {selected} is not in the organisation file any more.
        </Callout>
      )}
      {preview !== null && <AccessReport user={preview} />}
    </div>
  );
}
