// The per-resource identity (SPEC §11) as a person reads it: the username and its source, each
// group with where it comes from, and a clear refusal when there is no alias.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ResourceIdentity } from '../../../shared/api';
import { ResourceIdentityView } from './ResourceIdentityView';

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const render = (identity: ResourceIdentity): string =>
  text(renderToStaticMarkup(createElement(ResourceIdentityView, { identity })));

const groups = [
  { name: 'payments-engineers', from: 'role:Payments Engineers' },
  { name: 'payments-rw', from: 'rule:Payments Engineers#2' },
  { name: 'system:authenticated', from: 'always' },
];

describe('ResourceIdentityView', () => {
  it.each([
    [
      { resource: 'payments', username: 'alice_l', usernameFrom: 'alias:contractors', groups, problem: null },
      'Requests reach the cluster as alice_l (your alias in identity set contractors) with these groups: payments-engineers from role Payments Engineers payments-rw explicit group of rule 2 of role Payments Engineers system:authenticated always (every signed-in person)',
    ],
    [
      {
        resource: 'staging',
        username: 'alice@example.com',
        usernameFrom: 'email',
        groups: groups.slice(0, 1),
        problem: null,
      },
      'Requests reach the cluster as alice@example.com (your email) with these groups: payments-engineers from role Payments Engineers',
    ],
    [
      {
        resource: 'payments',
        username: null,
        usernameFrom: 'alias:contractors',
        groups: groups.slice(2),
        problem: 'bob@example.com has no alias in identity set "contractors"',
      },
      'You cannot connect here: bob@example.com has no alias in identity set &quot;contractors&quot; system:authenticated always (every signed-in person)',
    ],
  ] as const)('%#', (identity, expected) => {
    expect(render(identity as ResourceIdentity)).toBe(expected);
  });
});
