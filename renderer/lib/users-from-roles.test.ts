// Gateway mode's admin user list, from the role mapping: each person once, with their roles.
import { describe, expect, it } from 'vitest';
import { usersFromRoles } from './users-from-roles';

describe('usersFromRoles', () => {
  it('each person once, sorted, with the roles naming them in mapping order', () => {
    expect(
      usersFromRoles([
        { role: 'Developers', users: ['bob@x', 'alice@x'] },
        { role: 'SRE', users: ['alice@x'] },
        { role: 'Empty', users: [] },
        { role: 'SRE', users: ['alice@x'] },
      ]),
    ).toEqual([
      { email: 'alice@x', name: null, roles: ['Developers', 'SRE'] },
      { email: 'bob@x', name: null, roles: ['Developers'] },
    ]);
    expect(usersFromRoles([])).toEqual([]);
  });
});
