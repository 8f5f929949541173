import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { identityFor, parseOrg, resourcesForUser, rolesPreview, ruleMatches, type Org, type OrgResource } from './org';
import { DEMO_ORG_YAML } from './test-fixtures/demo-org';

function demoOrg(): Org {
  const result = parseOrg(parse(DEMO_ORG_YAML));
  if (!result.ok) throw new Error('demo org must be valid');
  return result.org;
}

const staging: OrgResource = {
  name: 'staging',
  type: 'kubernetes-user-impersonation',
  tags: { env: 'staging', team: 'data' },
  healthcheckNamespace: 'default',
  cluster: { kubeconfig: 'k' },
};

describe('ruleMatches', () => {
  it.each([
    [{ resources: ['staging'] }, true],
    [{ resources: ['prod'] }, false],
    [{ tags: { env: 'staging' } }, true],
    [{ tags: { env: 'staging', team: 'data' } }, true],
    [{ tags: { env: 'staging', team: 'web' } }, false],
    [{ tags: { region: 'eu' } }, false],
    [{ resources: ['staging'], tags: { env: 'staging' } }, true],
    [{ resources: ['staging'], tags: { env: 'prod' } }, false],
    [{ resources: ['prod'], tags: { env: 'staging' } }, false],
  ])('%j → %s (both clauses must hold)', (rule, expected) => {
    expect(ruleMatches(rule, staging)).toBe(expected);
  });
});

describe('resourcesForUser (demo org)', () => {
  it.each([
    ['alice@example.com', ['staging', 'prod']], // static staging + dynamic env=prod
    ['bob@example.com', ['staging']],
    ['carol@example.com', ['staging']], // dynamic team=data
    ['dave@example.com', ['staging']], // granted, even though his group is never sent
    ['erin@example.com', ['staging', 'prod']],
    ['frank@example.com', ['payments']], // only his role's rule grants the alias-mode resource
    ['ALICE@example.com', ['staging', 'prod']], // emails ignore case
    ['nobody@example.com', []],
  ])('%s → %j', (email, resources) => {
    expect(resourcesForUser(demoOrg(), email)).toEqual(resources);
  });
});

describe('identityFor (demo org)', () => {
  it('serializes to the SPEC §7 whoami JSON', () => {
    const identity = identityFor(demoOrg(), 'alice@example.com');
    expect(JSON.parse(JSON.stringify(identity))).toEqual({
      email: 'alice@example.com',
      name: 'Alice Liddell',
      roles: ['Engineering', 'SRE On-Call'],
      groups: ['engineering', 'sre-on-call', 'system:authenticated'],
      roleGroups: ['engineering', 'sre-on-call'],
      warnings: [],
      resources: ['staging', 'prod'],
      identities: [
        {
          resource: 'staging',
          username: 'alice@example.com',
          usernameFrom: 'email',
          groups: [
            { name: 'engineering', from: 'role:Engineering' },
            { name: 'sre-on-call', from: 'role:SRE On-Call' },
            { name: 'system:authenticated', from: 'always' },
          ],
          problem: null,
        },
        {
          resource: 'prod',
          username: 'alice@example.com',
          usernameFrom: 'email',
          groups: [
            { name: 'engineering', from: 'role:Engineering' },
            { name: 'sre-on-call', from: 'role:SRE On-Call' },
            { name: 'system:authenticated', from: 'always' },
          ],
          problem: null,
        },
      ],
    });
  });

  it('sends only system:authenticated for a System: role, with a warning', () => {
    const identity = identityFor(demoOrg(), 'dave@example.com');
    expect(identity?.groups).toEqual(['system:authenticated']);
    expect(identity?.warnings).toEqual([
      { role: 'System:Masters', group: 'system:masters', problem: expect.stringContaining('reserves') },
    ]);
  });

  it('sends a colliding group once and warns for both roles', () => {
    const identity = identityFor(demoOrg(), 'erin@example.com');
    expect(identity?.groups).toEqual(['platform-team', 'system:authenticated']);
    expect(identity?.warnings.map((warning) => warning.role)).toEqual(['Platform Team', 'Platform-Team']);
  });

  it('is the alias on the alias-mode resource, with the explicit group of the rule granting it', () => {
    expect(identityFor(demoOrg(), 'frank@example.com')?.identities).toEqual([
      {
        resource: 'payments',
        username: 'frank_c',
        usernameFrom: 'alias:contractors',
        groups: [
          { name: 'payments-engineers', from: 'role:Payments Engineers' },
          { name: 'payments-rw', from: 'rule:Payments Engineers#1' },
          { name: 'system:authenticated', from: 'always' },
        ],
        problem: null,
      },
    ]);
  });

  it('strips dots', () => {
    expect(identityFor(demoOrg(), 'carol@example.com')?.groups).toEqual(['datascience', 'system:authenticated']);
  });

  it('finds users ignoring case and returns the email as written in the org', () => {
    expect(identityFor(demoOrg(), 'Bob@Example.COM')?.email).toBe('bob@example.com');
    expect(identityFor(demoOrg(), 'nobody@example.com')).toBeUndefined();
  });
});

describe('rolesPreview (demo org)', () => {
  it('shows every role with its group, status and holders', () => {
    const rows = rolesPreview(demoOrg()).roles;
    expect(rows.map((row) => [row.role, row.group, row.status, row.collidesWith, row.users])).toEqual([
      ['Engineering', 'engineering', 'ok', [], ['alice@example.com']],
      ['SRE On-Call', 'sre-on-call', 'ok', [], ['alice@example.com']],
      ['Developers', 'developers', 'ok', [], ['bob@example.com']],
      ['Data.Science', 'datascience', 'ok', [], ['carol@example.com']],
      ['System:Masters', 'system:masters', 'invalid', [], ['dave@example.com']],
      ['Platform Team', 'platform-team', 'collision', ['Platform-Team'], ['erin@example.com']],
      ['Platform-Team', 'platform-team', 'collision', ['Platform Team'], ['erin@example.com']],
      ['Payments Engineers', 'payments-engineers', 'ok', [], ['frank@example.com']],
    ]);
    expect(rows.find((row) => row.role === 'System:Masters')?.reason).toMatch(/reserves/);
    expect(rows.find((row) => row.role === 'Data.Science')?.reason).toBeNull();
  });

  it('lists the one explicit group, payments-rw, sent on payments only', () => {
    expect(rolesPreview(demoOrg()).explicitGroups).toEqual([
      {
        group: 'payments-rw',
        role: 'Payments Engineers',
        rule: 1,
        from: 'rule:Payments Engineers#1',
        resources: ['payments'],
        users: ['frank@example.com'],
      },
    ]);
  });

  it('has exactly the SPEC §7 keys per row', () => {
    const [first] = rolesPreview(demoOrg()).roles;
    expect(Object.keys(first ?? {}).sort()).toEqual(['collidesWith', 'group', 'reason', 'role', 'status', 'users']);
  });
});
