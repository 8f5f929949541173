import { useId, useState } from 'react';
import { formatCount } from '../../lib/format';
import { useSignIn } from '../../stores/sign-in-store';

/** A filter box appears once the list is too long to scan. */
const FILTER_FROM = 8;

/** Step 2: which of the org's users you are (native radios: arrow keys move between them). */
export function UserPicker({ orgFile }: { orgFile: string | null }): React.JSX.Element | null {
  const filterId = useId();
  const users = useSignIn((store) => store.users);
  const selected = useSignIn((store) => store.selectedUser);
  const selectUser = useSignIn((store) => store.selectUser);
  const [filter, setFilter] = useState('');
  if (users === null) return null;

  const needle = filter.trim().toLowerCase();
  const shown = users.filter(
    (user) =>
      needle === '' ||
      user.email.toLowerCase().includes(needle) ||
      (user.name?.toLowerCase().includes(needle) ?? false) ||
      user.roles.some((role) => role.toLowerCase().includes(needle)),
  );

  return (
    <fieldset className="user-picker">
      <legend className="field__label">Choose your user</legend>
      {orgFile !== null && <p className="sign-in__file">from {orgFile}</p>}
      {users.length >= FILTER_FROM && (
        <div className="field">
          <label className="visually-hidden" htmlFor={filterId}>
            Filter users
          </label>
          <input
            id={filterId}
            className="input"
            type="search"
            placeholder={`Filter ${formatCount(users.length)} users`}
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
      )}
      {users.length === 0 && <p className="muted">This organisation file lists no users.</p>}
      <div className="user-picker__list">
        {shown.map((user) => (
          <label key={user.email} className={`user-option${user.email === selected ? ' user-option--selected' : ''}`}>
            <input
              type="radio"
              name="gatehouse-user"
              value={user.email}
              checked={user.email === selected}
              onChange={() => selectUser(user.email)}
            />
            <span className="user-option__text">
              <span className="user-option__who">
                <span className="user-option__name">{user.name ?? user.email}</span>
                {user.name !== null && <span className="user-option__email">{user.email}</span>}
              </span>
              <span className="user-option__roles">{user.roles.length > 0 ? user.roles.join(' · ') : 'No roles'}</span>
            </span>
          </label>
        ))}
        {shown.length === 0 && users.length > 0 && <p className="muted">No user matches “{filter}”.</p>}
      </div>
    </fieldset>
  );
}
