import { describe, expect, it } from 'vitest';
import { parseGatewayPerson } from './gateway-person';

const ME = {
  email: 'alice@example.com',
  name: 'Alice',
  roles: ['Engineering', 'Developers'],
  groups: ['engineering', 'developers', 'system:authenticated'],
  warnings: [],
  resources: ['staging', 'prod'],
  roleSources: [
    { role: 'Engineering', from: 'org' },
    { role: 'Developers', from: 'idp' },
  ],
  groupSources: [{ name: 'system:authenticated', from: 'always' }],
  resourceDetails: [
    {
      name: 'staging',
      type: 'kubernetes-user-impersonation',
      tags: { env: 'staging' },
      healthcheckNamespace: 'team-a',
    },
  ],
  admin: true,
  subject: 'u-1001',
  tokenExpiresAt: '2026-12-02T00:00:00.000Z',
};

describe('parseGatewayPerson (/v1/me)', () => {
  it('keeps the identity with its sources, details per assigned name, and the admin flag', () => {
    const person = parseGatewayPerson(ME, 'https://gw');
    expect(person.identity).toEqual({
      email: ME.email,
      name: 'Alice',
      roles: ME.roles,
      groups: ME.groups,
      warnings: [],
      resources: ['staging', 'prod'],
      roleSources: ME.roleSources,
      groupSources: ME.groupSources,
    });
    expect(person.admin).toBe(true);
    // prod came without details (an older gateway): its name alone, with defaults.
    expect(person.resources).toEqual([
      ME.resourceDetails[0],
      { name: 'prod', type: 'kubernetes-user-impersonation', tags: {}, healthcheckNamespace: 'default' },
    ]);
  });

  it.each([
    [{ ...ME, email: '' }, 'email'],
    [{ ...ME, resources: 'staging' }, 'resources'],
    [{ ...ME, roleSources: [{ role: 'x', from: 'somewhere' }] }, 'roleSources.0.from'],
    [null, 'body'],
  ])('refuses an answer that does not fit, naming the gateway and the field (%#)', (body, field) => {
    expect(() => parseGatewayPerson(body, 'https://gw.example.com')).toThrow(
      new RegExp(`the gateway https://gw\\.example\\.com answered /v1/me .*${field.replace(/\./g, '\\.')}`),
    );
  });
});
