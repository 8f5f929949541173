import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatOrgPath, parseOrg, type Org, type OrgProblem } from './org';
import { DEMO_ORG_YAML } from './test-fixtures/demo-org';

type Plain = Record<string, unknown>;

const kubeconfigCluster = { kubeconfig: './leased.kubeconfig' };

function resource(overrides: Plain = {}): Plain {
  return { name: 'staging', type: 'kubernetes-user-impersonation', cluster: kubeconfigCluster, ...overrides };
}

/** A small valid org; each test breaks one thing. */
function org(overrides: Plain = {}): Plain {
  return {
    users: [{ email: 'alice@example.com', roles: ['Engineering'] }],
    roles: [{ name: 'Engineering', rules: [{ resources: ['staging'] }] }],
    resources: [resource()],
    ...overrides,
  };
}

function problemsOf(input: unknown): OrgProblem[] {
  const result = parseOrg(input);
  if (result.ok) throw new Error('expected problems, the org was accepted');
  return result.problems;
}

/** `path: message` lines, the easiest form to assert on. */
function linesOf(input: unknown): string[] {
  return problemsOf(input).map((problem) => `${formatOrgPath(problem.path)}: ${problem.message}`);
}

function parsedOrg(input: unknown): Org {
  const result = parseOrg(input);
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  return result.org;
}

function clusterLines(cluster: Plain): string[] {
  return linesOf(org({ resources: [resource({ cluster })] }));
}

describe('parseOrg: valid files', () => {
  it('accepts the demo org', () => {
    const demo = parsedOrg(parse(DEMO_ORG_YAML));
    expect(demo.users).toHaveLength(6);
    expect(demo.resources.map((entry) => entry.name)).toEqual(['staging', 'prod', 'payments']);
    expect(demo.resources[0]?.cluster).toEqual({ kubeconfig: './leased.kubeconfig', context: 'leased' });
    expect(demo.identitySets).toEqual([{ name: 'contractors' }]);
    expect(demo.resources[2]?.impersonation).toEqual({ identitySet: 'contractors' });
  });

  it('fills defaults: tags {}, healthcheckNamespace "default", rules [], no port', () => {
    const parsed = parsedOrg(
      org({ roles: [{ name: 'Engineering' }], users: [{ email: 'a@b', roles: ['Engineering'] }] }),
    );
    expect(parsed.resources[0]).toEqual({
      name: 'staging',
      type: 'kubernetes-user-impersonation',
      tags: {},
      healthcheckNamespace: 'default',
      cluster: kubeconfigCluster,
    });
    expect(parsed.roles[0]?.rules).toEqual([]);
  });

  it('accepts a rule with both resources and tags', () => {
    const roles = [{ name: 'Engineering', rules: [{ resources: ['staging'], tags: { env: 'staging' } }] }];
    expect(parseOrg(org({ roles })).ok).toBe(true);
  });

  it('accepts role names whose groups are invalid (they are previewed, not rejected)', () => {
    const roles = [{ name: 'System:Masters' }, { name: '...' }, { name: 'Ünïcode' }];
    expect(parseOrg(org({ roles, users: [{ email: 'a@b', roles: ['...'] }] })).ok).toBe(true);
  });
});

describe('parseOrg: schema problems', () => {
  it('reports each unknown key at the key, listing the allowed keys', () => {
    const input = org({ user: [], resources: [resource({ tag: {}, cluster: { kubeconfg: 'x', kubeconfig: 'y' } })] });
    expect(linesOf(input).sort()).toEqual([
      'resources[0].cluster.kubeconfg: unknown key; allowed keys: kubeconfig, context, server, certificateAuthority, ' +
        'certificateAuthorityData, token, tokenFile, clientCertificate, clientCertificateData, clientKey, clientKeyData, ' +
        'insecureSkipTLSVerify, inCluster, serviceAccountDir',
      'resources[0].tag: unknown key; allowed keys: name, type, tags, port, healthcheckNamespace, cluster, insecureHttp, impersonation',
      'user: unknown key; allowed keys: users, roles, resources, identitySets',
    ]);
  });

  it('says what is missing and what type was expected', () => {
    expect(linesOf({ users: 'alice', roles: null })).toEqual([
      'users: expected a list, got the text "alice"',
      'roles: expected a list, got an empty value',
      'resources: is required',
    ]);
    expect(linesOf(['not', 'a', 'map'])).toEqual(['(top level): expected a map, got a list']);
  });

  it('rejects an unsupported resource type, naming the supported one', () => {
    expect(linesOf(org({ resources: [resource({ type: 'postgres' })] }))).toEqual([
      'resources[0].type: unsupported resource type "postgres"; the supported type is "kubernetes-user-impersonation"',
    ]);
    expect(linesOf(org({ resources: [resource({ type: undefined })] }))).toEqual([
      'resources[0].type: is required; the supported type is "kubernetes-user-impersonation"',
    ]);
  });

  it.each(['', 'Staging', '-staging', 'staging-', 'my_cluster', 'a'.repeat(64), 'ünï'])(
    'rejects resource name %j, explaining why names are restricted',
    (name) => {
      const [line] = linesOf(org({ resources: [resource({ name })] }));
      expect(line).toContain('resources[0].name: resource name');
      expect(line).toContain('kubectl context name');
    },
  );

  it.each(['a', 'a1', 'prod-eu-1', 'a'.repeat(63)])('accepts resource name %j', (name) => {
    const roles = [{ name: 'Engineering', rules: [{ resources: [name] }] }];
    expect(parseOrg(org({ roles, resources: [resource({ name })] })).ok).toBe(true);
  });

  it.each([
    [80, 'between 1024 and 65535'],
    [65536, 'between 1024 and 65535'],
    [16443.5, 'whole number'],
    ['16443', 'expected a number, got the text "16443"'],
  ])('rejects port %j', (port, message) => {
    expect(linesOf(org({ resources: [resource({ port })] }))).toEqual([
      expect.stringMatching(new RegExp(`^resources\\[0\\]\\.port: .*${message.replace(/[[\]]/g, '\\$&')}`)),
    ]);
  });

  it('asks for text tag values and a valid healthcheck namespace', () => {
    expect(linesOf(org({ resources: [resource({ tags: { tier: 1 }, healthcheckNamespace: 'Team A' })] }))).toEqual([
      'resources[0].tags.tier: tag values must be text; quote numbers and booleans, e.g. "1"',
      expect.stringMatching(/^resources\[0\]\.healthcheckNamespace: must be a Kubernetes namespace name/),
    ]);
  });

  it('rejects rules that match nothing or everything', () => {
    const roles = [{ name: 'Engineering', rules: [{}, { tags: {} }, { resources: [] }] }];
    expect(linesOf(org({ roles }))).toEqual([
      'roles[0].rules[0]: a rule needs "resources" (by name), "tags" (every tag must match), or both',
      'roles[0].rules[1].tags: an empty tag map would match every resource; list at least one tag',
      'roles[0].rules[2].resources: must name at least one resource (or remove the key)',
    ]);
  });

  it('rejects empty names', () => {
    expect(linesOf(org({ roles: [{ name: '' }], users: [{ email: 'a@b', name: '', roles: [''] }] }))).toEqual([
      'users[0].name: must not be empty',
      'users[0].roles[0]: must not be empty',
      'roles[0].name: must not be empty',
    ]);
  });
});

describe('parseOrg: cluster block', () => {
  it.each([
    [{ kubeconfig: 'k', context: 'c' }],
    [{ server: 'https://10.0.0.1:6443', token: 't' }],
    [{ server: 'https://k8s.example.com', certificateAuthority: 'ca.crt', tokenFile: '/run/token' }],
    [{ server: 'https://k8s', certificateAuthorityData: 'QUJD', clientCertificateData: 'QUJD', clientKeyData: 'QUJD' }],
    [{ server: 'https://k8s', clientCertificate: 'c.crt', clientKey: 'c.key', insecureSkipTLSVerify: true }],
  ])('accepts %j unchanged', (cluster) => {
    expect(parsedOrg(org({ resources: [resource({ cluster })] })).resources[0]?.cluster).toEqual(cluster);
  });

  it('needs one of the two forms', () => {
    expect(clusterLines({})).toEqual([
      'resources[0].cluster: needs "kubeconfig" (a kubeconfig file) or "server" with inline credentials',
    ]);
    expect(clusterLines({ token: 't' })).toEqual([
      'resources[0].cluster.server: needs "kubeconfig" (a kubeconfig file) or "server" with inline credentials',
    ]);
  });

  it('rejects mixing the forms, at each inline key', () => {
    expect(clusterLines({ kubeconfig: 'k', server: 'https://k8s', token: 't' })).toEqual([
      expect.stringMatching(/^resources\[0\]\.cluster\.server: "kubeconfig" and inline fields cannot be combined/),
      expect.stringMatching(/^resources\[0\]\.cluster\.token: "kubeconfig" and inline fields cannot be combined/),
    ]);
    expect(clusterLines({ server: 'https://k8s', token: 't', context: 'c' })).toEqual([
      'resources[0].cluster.context: "context" only applies together with "kubeconfig"',
    ]);
  });

  it('needs exactly one authentication method', () => {
    expect(clusterLines({ server: 'https://k8s' })).toEqual([
      expect.stringMatching(/^resources\[0\]\.cluster: needs credentials: token, tokenFile, or clientCertificate/),
    ]);
    expect(clusterLines({ server: 'https://k8s', token: 't', clientCertificate: 'c', clientKey: 'k' })).toEqual([
      expect.stringMatching(/^resources\[0\]\.cluster\.clientCertificate: choose one authentication method/),
    ]);
    expect(clusterLines({ server: 'https://k8s', clientCertificate: 'c' })).toEqual([
      'resources[0].cluster: clientKey or clientKeyData is required with a client certificate',
    ]);
    expect(clusterLines({ server: 'https://k8s', clientKeyData: 'QUJD' })).toEqual([
      'resources[0].cluster: clientCertificate or clientCertificateData is required with a client key',
    ]);
  });

  it('rejects a file and inline data for the same thing', () => {
    expect(clusterLines({ server: 'https://k8s', token: 't', tokenFile: 'f' })).toEqual([
      'resources[0].cluster.tokenFile: give token or tokenFile, not both',
    ]);
    expect(
      clusterLines({ server: 'https://k8s', token: 't', certificateAuthority: 'a', certificateAuthorityData: 'QUJD' }),
    ).toEqual([
      'resources[0].cluster.certificateAuthorityData: give certificateAuthority or certificateAuthorityData, not both',
    ]);
  });

  it('rejects a CA together with insecureSkipTLSVerify, a bad URL and bad base64', () => {
    expect(
      clusterLines({
        server: 'k8s:6443',
        token: 't',
        certificateAuthorityData: 'not base64!',
        insecureSkipTLSVerify: true,
      }),
    ).toEqual([
      'resources[0].cluster.server: must be an http(s):// URL, e.g. https://10.0.0.1:6443',
      expect.stringMatching(/^resources\[0\]\.cluster\.certificateAuthorityData: must be base64/),
    ]);
    expect(
      clusterLines({ server: 'https://k8s', token: 't', certificateAuthority: 'ca', insecureSkipTLSVerify: true }),
    ).toEqual(['resources[0].cluster.insecureSkipTLSVerify: cannot be true when a certificate authority is given']);
  });
});

describe('parseOrg: cross-references', () => {
  it('reports duplicate emails ignoring case, duplicate roles, resources and ports', () => {
    const input = org({
      users: [
        { email: 'alice@example.com', roles: ['Engineering'] },
        { email: 'Alice@Example.com', roles: ['Engineering'] },
      ],
      roles: [
        { name: 'Engineering', rules: [{ resources: ['staging'] }] },
        { name: 'Engineering', rules: [] },
      ],
      resources: [
        resource({ port: 16443 }),
        resource({ name: 'prod', port: 16444 }),
        resource({ port: 16443 }),
        resource({ name: 'dev', port: 16444 }),
      ],
    });
    expect(linesOf(input)).toEqual([
      'users[1].email: duplicate email "Alice@Example.com" (emails ignore case; first at users[0])',
      'roles[1].name: duplicate role name "Engineering" (first at roles[0])',
      'resources[2].name: duplicate resource name "staging" (first at resources[0])',
      'resources[2].port: port 16443 is also used by resource "staging"',
      'resources[3].port: port 16444 is also used by resource "prod"',
    ]);
  });

  it('reports users without roles, undefined roles (with a suggestion) and bad emails', () => {
    const input = org({
      users: [
        { email: 'alice@example.com' },
        { email: 'bob@example.com', roles: ['engineering', 'Nope'] },
        { email: 'carol', roles: ['Engineering'] },
        { email: 'dävid@example.com', roles: ['Engineering'] },
      ],
    });
    expect(linesOf(input)).toEqual([
      'users[0].roles: user "alice@example.com" has no roles; give at least one (without roles nothing is granted)',
      'users[1].roles[0]: role "engineering" is not defined in roles; did you mean "Engineering"?',
      'users[1].roles[1]: role "Nope" is not defined in roles',
      'users[2].email: email "carol" has no "@"',
      'users[3].email: email "dävid@example.com" contains characters outside printable ASCII (U+00E4 "ä")',
    ]);
  });

  it('reports rules naming resources that do not exist', () => {
    const roles = [{ name: 'Engineering', rules: [{ tags: { env: 'x' } }, { resources: ['staging', 'prdo'] }] }];
    expect(linesOf(org({ roles }))).toEqual([
      'roles[0].rules[1].resources[1]: resource "prdo" is not defined in resources',
    ]);
  });
});

describe('formatOrgPath', () => {
  it.each([
    [[], '(top level)'],
    [['users', 1, 'roles', 0], 'users[1].roles[0]'],
    [['resources', 0, 'tags', 'app.kubernetes.io/name'], 'resources[0].tags["app.kubernetes.io/name"]'],
  ])('%j → %s', (path, text) => {
    expect(formatOrgPath(path)).toBe(text);
  });
});
