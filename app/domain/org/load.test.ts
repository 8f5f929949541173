import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rolesPreview } from '../../../shared/org';
import { DEMO_ORG_YAML } from '../../../shared/test-fixtures/demo-org';
import { defaultOrgPath, loadOrg, OrgFileError } from './load';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-org-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function orgFile(text: string, name = 'org.yaml'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The OrgFileError that loading `text` throws. */
async function loadError(text: string): Promise<OrgFileError> {
  const file = await orgFile(text);
  const error: unknown = await loadOrg(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof OrgFileError)) throw new Error(`expected an OrgFileError, got ${String(error)}`);
  return error;
}

const MINIMAL = `users:
  - email: alice@example.com
    roles: [Engineering]
roles:
  - name: Engineering
    rules:
      - resources: [staging]
resources:
  - name: staging
    type: kubernetes-user-impersonation
    cluster:
      kubeconfig: leased.kubeconfig
`;

describe('loadOrg: the demo org', () => {
  it('loads, resolving the kubeconfig paths against the org file directory', async () => {
    const file = await orgFile(DEMO_ORG_YAML);
    const { file: loadedFile, org } = await loadOrg(path.relative(process.cwd(), file));
    expect(loadedFile).toBe(file);
    expect(org.resources.map((resource) => resource.cluster)).toEqual([
      { kubeconfig: path.join(dir, 'leased.kubeconfig'), context: 'leased' },
      { kubeconfig: path.join(dir, 'leased-cert.kubeconfig') },
      { kubeconfig: path.join(dir, 'leased.kubeconfig'), context: 'leased' },
    ]);
    expect(org.resources[0]?.healthcheckNamespace).toBe('team-a');
  });

  it('previews Data.Science ok, System:Masters reserved, Platform Team / Platform-Team colliding', async () => {
    const { org } = await loadOrg(await orgFile(DEMO_ORG_YAML));
    const rows = rolesPreview(org).roles.filter((row) => row.status !== 'ok' || row.role === 'Data.Science');
    expect(rows.map((row) => [row.role, row.group, row.status, row.collidesWith])).toEqual([
      ['Data.Science', 'datascience', 'ok', []],
      ['System:Masters', 'system:masters', 'invalid', []],
      ['Platform Team', 'platform-team', 'collision', ['Platform-Team']],
      ['Platform-Team', 'platform-team', 'collision', ['Platform Team']],
    ]);
    expect(rows[1]?.reason).toContain('reserves');
  });
});

describe('loadOrg: path resolution', () => {
  it('resolves relative inline paths, keeps absolute ones and expands ~/', async () => {
    const absoluteToken = path.join(dir, 'elsewhere', 'token');
    await mkdir(path.join(dir, 'nested'));
    const inline = `server: https://10.0.0.1:6443
      certificateAuthority: certs/ca.crt
      tokenFile: ${JSON.stringify(absoluteToken)}`;
    const file = await orgFile(MINIMAL.replace('kubeconfig: leased.kubeconfig', inline), 'nested/org.yaml');
    const { org } = await loadOrg(file);
    expect(org.resources[0]?.cluster).toEqual({
      server: 'https://10.0.0.1:6443',
      certificateAuthority: path.join(dir, 'nested', 'certs', 'ca.crt'),
      tokenFile: absoluteToken,
    });
  });

  it('expands ~/ in client certificate paths', async () => {
    const file = await orgFile(
      MINIMAL.replace(
        'kubeconfig: leased.kubeconfig',
        `server: https://k8s
      clientCertificate: ~/certs/me.crt
      clientKey: ../me.key`,
      ),
    );
    const { org } = await loadOrg(file);
    expect(org.resources[0]?.cluster).toEqual({
      server: 'https://k8s',
      clientCertificate: path.join(homedir(), 'certs', 'me.crt'),
      clientKey: path.join(path.dirname(dir), 'me.key'),
    });
  });
});

describe('loadOrg: errors', () => {
  it('says where to point when the file is missing', async () => {
    const file = path.join(dir, 'missing.yaml');
    await expect(loadOrg(file)).rejects.toThrow(
      new OrgFileError(file, [{ message: 'not found (set --org or GATEHOUSE_ORG)' }]),
    );
    await expect(loadOrg(file)).rejects.toThrow(`org file ${file}: not found (set --org or GATEHOUSE_ORG)`);
  });

  it('rejects a directory', async () => {
    await expect(loadOrg(dir)).rejects.toThrow(`org file ${dir}: is a directory, expected a YAML file`);
  });

  it.each(['', '\n\n', '# only a comment\n'])('rejects an empty file (%j)', async (text) => {
    const error = await loadError(text);
    expect(error.message).toMatch(/^org file .*org\.yaml: is empty; expected "users:", "roles:" and "resources:"$/);
  });

  it('reports YAML syntax errors with line and column', async () => {
    const error = await loadError('users:\n  - email: a@b\n    roles: [Engineering\nroles: []\n');
    // The yaml parser notices the unclosed "[" where the next key starts.
    expect(error.message).toBe(
      `org file ${path.join(dir, 'org.yaml')}: line 4, col 1: invalid YAML: ` +
        'Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('reports duplicate keys as YAML errors', async () => {
    const error = await loadError('users: []\nusers: []\nroles: []\nresources: []\n');
    expect(error.message).toMatch(/line 2, col 1: invalid YAML: .*unique/i);
  });

  it('locates an undefined role at its line and column', async () => {
    const error = await loadError(MINIMAL.replace('roles: [Engineering]', 'roles: [Foo]'));
    expect(error.message).toBe(
      `org file ${path.join(dir, 'org.yaml')}: users[0].roles[0] (line 3, col 13): role "Foo" is not defined in roles`,
    );
  });

  it('lists several problems in file order under a count', async () => {
    const text = MINIMAL.replace('roles: [Engineering]', 'roles: [Engineering, Foo]')
      .replace('resources: [staging]', 'resources: [stagin]')
      .replace('kubeconfig: leased.kubeconfig', 'kubeconfg: leased.kubeconfig');
    const error = await loadError(text);
    // The schema is checked first; reference problems appear once the shape is right.
    expect(error.message.split('\n')).toEqual([
      `org file ${path.join(dir, 'org.yaml')}: 2 problems`,
      '  resources[0].cluster (line 11, col 5): needs "kubeconfig" (a kubeconfig file) or "server" with inline credentials',
      expect.stringMatching(
        /^ {2}resources\[0\]\.cluster\.kubeconfg \(line 12, col 7\): unknown key; allowed keys: kubeconfig, /,
      ),
    ]);
  });

  it('lists reference problems in file order', async () => {
    const text = MINIMAL.replace('roles: [Engineering]', 'roles: [Engineering, Foo]').replace(
      'resources: [staging]',
      'resources: [stagin]',
    );
    const error = await loadError(text);
    expect(error.message.split('\n')).toEqual([
      `org file ${path.join(dir, 'org.yaml')}: 2 problems`,
      '  users[0].roles[1] (line 3, col 26): role "Foo" is not defined in roles',
      '  roles[0].rules[0].resources[0] (line 7, col 21): resource "stagin" is not defined in resources',
    ]);
  });

  it('locates an unsupported resource type and a missing key', async () => {
    const error = await loadError(
      MINIMAL.replace('type: kubernetes-user-impersonation', 'type: postgres').replace(
        '- email: alice',
        '- mail: alice',
      ),
    );
    expect(error.problems.map((problem) => [problem.position?.line, problem.message])).toEqual([
      [2, 'is required'],
      [2, 'unknown key; allowed keys: email, name, roles, aliases'],
      [10, 'unsupported resource type "postgres"; the supported type is "kubernetes-user-impersonation"'],
    ]);
  });

  it('locates a plain http:// cluster that is not loopback, saying why and what to do', async () => {
    const inline = `server: http://10.0.0.1:8080
      token: not-in-the-message`;
    const error = await loadError(MINIMAL.replace('kubeconfig: leased.kubeconfig', inline));
    expect(error.message).toBe(
      `org file ${path.join(dir, 'org.yaml')}: resources[0].cluster.server (line 12, col 7): http:// would send the leased ` +
        'credential to 10.0.0.1 in clear text; use https://, a loopback server (127.0.0.0/8, ::1, localhost), or set ' +
        '"insecureHttp: true" on the resource',
    );
    const allowed = await orgFile(MINIMAL.replace('kubeconfig: leased.kubeconfig', `${inline}\n    insecureHttp: true`));
    expect((await loadOrg(allowed)).org.resources[0]?.insecureHttp).toBe(true);
  });

  it('rejects a file that is not a map', async () => {
    const error = await loadError('- just\n- a list\n');
    expect(error.message).toMatch(/: \(top level\) \(line 1, col 1\): expected a map, got a list$/);
  });

  it('rejects alias bombs instead of expanding them', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const error = await loadError(`${lines.join('\n')}\n`);
    expect(error.message).toMatch(/invalid YAML: .*alias/i);
  });
});

describe('defaultOrgPath', () => {
  const home = '/home/alice';

  it('prefers GATEHOUSE_ORG', () => {
    expect(defaultOrgPath({ env: { GATEHOUSE_ORG: '/etc/org.yaml' }, platform: 'linux', home })).toBe('/etc/org.yaml');
  });

  it('uses XDG_CONFIG_HOME when absolute, else ~/.config on Linux', () => {
    expect(defaultOrgPath({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home })).toBe(
      '/xdg/gatehouse/org.yaml',
    );
    expect(defaultOrgPath({ env: { XDG_CONFIG_HOME: 'rel' }, platform: 'linux', home })).toBe(
      '/home/alice/.config/gatehouse/org.yaml',
    );
    expect(defaultOrgPath({ env: {}, platform: 'freebsd', home })).toBe('/home/alice/.config/gatehouse/org.yaml');
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultOrgPath({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'darwin', home: '/Users/alice' })).toBe(
      '/Users/alice/Library/Application Support/Gatehouse/org.yaml',
    );
    expect(defaultOrgPath({ env: { APPDATA: 'C:\\Users\\alice\\AppData\\Roaming' }, platform: 'win32', home })).toBe(
      'C:\\Users\\alice\\AppData\\Roaming\\Gatehouse\\org.yaml',
    );
    expect(defaultOrgPath({ env: {}, platform: 'win32', home: 'C:\\Users\\alice' })).toBe(
      'C:\\Users\\alice\\AppData\\Roaming\\Gatehouse\\org.yaml',
    );
  });
});
