import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SYSTEM_AUTHENTICATED,
  analyzeRoles,
  deriveUserGroups,
  describeGroupProblem,
  emailProblem,
  groupProblem,
  isPrintableAscii,
  roleToGroup,
} from './roles';

/** Any UTF-16 code unit, so lone surrogates are generated too (fast-check's 'binary' unit never makes them). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const anyJsString = fc.string({ unit: codeUnit, maxLength: 30 });
/** Well-formed Unicode: every code point, no lone surrogates. */
const wellFormedString = fc.string({ unit: 'binary', maxLength: 30 });
/** Role names an org plausibly has: mostly ASCII, with case, spaces, dots and a few look-alikes. */
const roleLike = fc.string({
  unit: fc.constantFrom('a', 'B', 'c', 'C', '-', ' ', '\t', '.', ':', 'S', 'y', 's', 'é', '\u00a0', '\u212a', 'k'),
  maxLength: 6,
});
const hasLoneSurrogate = (text: string): boolean => /\p{Cs}/u.test(text);

describe('roleToGroup (SPEC §3 examples)', () => {
  it.each([
    ['MyRole', 'myrole'],
    ['My-Role', 'my-role'],
    ['My role', 'my-role'],
    ['My.Role', 'myrole'],
    ['My  Role', 'my--role'],
    ['My\tRole', 'my-role'],
    ['My\nRole', 'my-role'],
    [' Lead ', '-lead-'],
    ['Data.Science', 'datascience'],
    ['SRE On-Call', 'sre-on-call'],
    ['Platform\u00a0Team', 'platform-team'],
    ['System:Masters', 'system:masters'],
    ['...', ''],
    ['', ''],
  ])('%j → %j', (role, group) => {
    expect(roleToGroup(role)).toBe(group);
  });

  it('lowercases the whole string first, so Greek final sigma follows its context', () => {
    expect(roleToGroup('ΟΔΟΣ')).toBe('οδος'); // final position → ς
    expect(roleToGroup('ΟΔΟΣ.Α')).toBe('οδοσα'); // "." is case-ignorable: Σ is not final
  });

  it('can turn a non-ASCII role name into a valid ASCII group (Kelvin sign → k)', () => {
    expect(roleToGroup('\u212aube')).toBe('kube');
    expect(groupProblem(roleToGroup('\u212aube'))).toBeNull();
  });
});

describe('groupProblem', () => {
  it.each([
    ['', 'empty'],
    ['system:masters', 'reserved'],
    ['system:', 'reserved'],
    ['ünïcode', 'non-printable'],
    ['a\u0001b', 'non-printable'],
    ['del\u007f', 'non-printable'],
    ['myrole', null],
    ['my--role', null],
    ['systemmasters', null],
    ['~!"#$%&\'()*+,/:;<=>?@[\\]^_`{|}', null],
  ])('%j → %j', (group, problem) => {
    expect(groupProblem(group)).toBe(problem);
  });

  it('is reserved for any capitalisation of a System: role', () => {
    expect(groupProblem(roleToGroup('SyStEm:Masters'))).toBe('reserved');
  });

  it('describes each problem, naming offending code points', () => {
    expect(describeGroupProblem('empty', '')).toMatch(/empty/);
    expect(describeGroupProblem('reserved', 'system:masters')).toContain('"system:masters"');
    expect(describeGroupProblem('non-printable', 'ünïcode')).toContain('U+00FC "ü", U+00EF "ï"');
    expect(describeGroupProblem('non-printable', 'a\u0001')).toContain('U+0001 "\\u0001"');
  });
});

describe('isPrintableAscii / emailProblem', () => {
  it('accepts exactly 0x20..0x7E', () => {
    expect(isPrintableAscii(' ~')).toBe(true);
    expect(isPrintableAscii('\u001f')).toBe(false);
    expect(isPrintableAscii('\u007f')).toBe(false);
    expect(isPrintableAscii('é')).toBe(false);
  });

  it.each([
    ['alice@example.com', null],
    ['', /empty/],
    ['alïce@example.com', /printable ASCII/],
    ['alice.example.com', /no "@"/],
    [' alice@example.com', /leading or trailing spaces/],
  ])('%j', (email, expected) => {
    const problem = emailProblem(email);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('analyzeRoles', () => {
  it('reports ok, collision, invalid and empty in input order', () => {
    const users = new Map([['Platform Team', ['erin@example.com']]]);
    const rows = analyzeRoles(['Data.Science', 'System:Masters', 'Platform Team', 'Platform-Team', '...'], users);
    expect(rows.map((row) => [row.role, row.group, row.status])).toEqual([
      ['Data.Science', 'datascience', 'ok'],
      ['System:Masters', 'system:masters', 'invalid'],
      ['Platform Team', 'platform-team', 'collision'],
      ['Platform-Team', 'platform-team', 'collision'],
      ['...', null, 'invalid'],
    ]);
    expect(rows[0]?.reason).toBeNull();
    expect(rows[1]?.reason).toMatch(/reserves/);
    expect(rows[2]?.collidesWith).toEqual(['Platform-Team']);
    expect(rows[3]?.collidesWith).toEqual(['Platform Team']);
    expect(rows[2]?.reason).toContain('"Platform-Team"');
    expect(rows[2]?.users).toEqual(['erin@example.com']);
    expect(rows[3]?.users).toEqual([]);
  });

  it('names every other role of a three-way collision', () => {
    const rows = analyzeRoles(['A B', 'a-b', 'A.-B', 'other']);
    expect(rows[0]?.collidesWith).toEqual(['a-b', 'A.-B']);
    expect(rows[1]?.collidesWith).toEqual(['A B', 'A.-B']);
    expect(rows[3]?.status).toBe('ok');
  });

  it('does not count a repeated role name as a collision with itself', () => {
    expect(analyzeRoles(['Ops', 'Ops']).map((row) => row.status)).toEqual(['ok', 'ok']);
  });

  it('never reports a collision between invalid groups', () => {
    const rows = analyzeRoles(['System:X', 'system:x']);
    expect(rows.map((row) => row.status)).toEqual(['invalid', 'invalid']);
  });
});

describe('deriveUserGroups', () => {
  const orgRoles = ['Engineering', 'SRE On-Call', 'System:Masters', 'Platform Team', 'Platform-Team', '...'];

  it('sends valid groups in role order, then system:authenticated', () => {
    const result = deriveUserGroups(['SRE On-Call', 'Engineering'], orgRoles);
    expect(result).toEqual({
      groups: ['sre-on-call', 'engineering'],
      sentGroups: ['sre-on-call', 'engineering', SYSTEM_AUTHENTICATED],
      warnings: [],
    });
  });

  it('drops invalid groups with a warning each', () => {
    const result = deriveUserGroups(['System:Masters', '...'], orgRoles);
    expect(result.sentGroups).toEqual([SYSTEM_AUTHENTICATED]);
    expect(result.warnings).toEqual([
      { role: 'System:Masters', group: 'system:masters', problem: expect.stringMatching(/reserves/) },
      { role: '...', group: null, problem: expect.stringMatching(/empty/) },
    ]);
  });

  it('sends a colliding group once and warns for each role, naming the others', () => {
    const result = deriveUserGroups(['Platform Team', 'Platform-Team'], orgRoles);
    expect(result.groups).toEqual(['platform-team']);
    expect(result.warnings.map((warning) => [warning.role, warning.problem])).toEqual([
      ['Platform Team', expect.stringContaining('"Platform-Team"')],
      ['Platform-Team', expect.stringContaining('"Platform Team"')],
    ]);
  });

  it('warns about a collision with a role the user does not hold', () => {
    const result = deriveUserGroups(['Platform Team'], orgRoles);
    expect(result.groups).toEqual(['platform-team']);
    expect(result.warnings).toHaveLength(1);
  });
});

describe('properties', () => {
  it('roleToGroup is idempotent on every single code point (exhaustive)', () => {
    const broken: number[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const once = roleToGroup(String.fromCodePoint(codePoint));
      if (roleToGroup(once) !== once) broken.push(codePoint);
    }
    expect(broken).toEqual([]);
  });

  it('roleToGroup is idempotent on well-formed strings', () => {
    fc.assert(
      fc.property(wellFormedString, (role) => {
        const once = roleToGroup(role);
        expect(roleToGroup(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('roleToGroup is idempotent on any string without lone surrogates; this one is the counterexample', () => {
    fc.assert(
      fc.property(anyJsString, (role) => {
        const once = roleToGroup(role);
        if (!hasLoneSurrogate(role)) expect(roleToGroup(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
    const joined = roleToGroup('\uD801.\uDC00'); // removing "." joins the halves into U+10400 𐐀
    expect(joined).toBe('\u{10400}');
    expect(roleToGroup(joined)).toBe('\u{10428}');
    expect(groupProblem(joined)).toBe('non-printable');
  });

  it('roleToGroup output never has ASCII upper case, whitespace or "." (any string)', () => {
    fc.assert(
      fc.property(fc.oneof(anyJsString, wellFormedString, roleLike), (role) => {
        expect(roleToGroup(role)).not.toMatch(/[A-Z\s.]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('valid groups are printable ASCII without upper case, space or "."', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormedString, roleLike, fc.string()), (role) => {
        const group = roleToGroup(role);
        if (groupProblem(group) === null) expect(group).toMatch(/^[\x21-\x2d\x2f-\x40\x5b-\x7e]+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('deriveUserGroups never sends a system: group other than system:authenticated at the end', () => {
    const roleNames = fc.array(fc.oneof(roleLike, fc.constant('System:Masters'), fc.string()), { maxLength: 8 });
    fc.assert(
      fc.property(roleNames, roleNames, (userRoles, otherRoles) => {
        const { groups, sentGroups } = deriveUserGroups(userRoles, [...otherRoles, ...userRoles]);
        expect(groups.some((group) => group.startsWith('system:'))).toBe(false);
        expect(sentGroups).toEqual([...groups, SYSTEM_AUTHENTICATED]);
        expect(new Set(groups).size).toBe(groups.length);
        for (const group of groups) expect(groupProblem(group)).toBeNull();
      }),
    );
  });

  it('analyzeRoles finds exactly the collisions of a brute-force grouping', () => {
    fc.assert(
      fc.property(fc.array(roleLike, { maxLength: 10 }), (roles) => {
        const rows = analyzeRoles(roles);
        roles.forEach((role, index) => {
          const group = roleToGroup(role);
          const valid = groupProblem(group) === null;
          const expectedOthers = valid
            ? [...new Set(roles.filter((other) => other !== role && roleToGroup(other) === group))]
            : [];
          const row = rows[index];
          expect(row?.role).toBe(role);
          expect(row?.collidesWith).toEqual(expectedOthers);
          expect(row?.status).toBe(!valid ? 'invalid' : expectedOthers.length > 0 ? 'collision' : 'ok');
        });
      }),
      { numRuns: 1000 },
    );
  });
});
