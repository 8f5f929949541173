// The dry-run diff never shows a credential, however the kubeconfig writes it: each case is a real
// file planned by the writer, diffed with full context (so every line of it is on screen), and the
// raw diff is checked to contain the secrets first, so a case that hides nothing cannot pass.
import { describe, expect, it } from 'vitest';
import { planKubeconfig } from './plan-kubeconfig';
import { HIDDEN, redactDiff } from './redact-diff';
import { desired } from './testing/fixtures';
import { unifiedDiff } from './unified-diff';
import type { LoopbackEntry } from './desired-entry';

interface Case {
  name: string;
  text: string;
  /** Every fragment of a credential that the text holds, as it would appear on a line. */
  secrets: string[];
}

const GATEHOUSE: LoopbackEntry[] = [
  { ...desired('staging', 16400), token: 'gh-local-token-staging-Zq81' },
  { ...desired('dev', 16401), token: 'gh-local-token-dev-Xy22' },
];

const CASES: Case[] = [
  {
    name: 'JSON',
    text: `{
  "apiVersion": "v1",
  "kind": "Config",
  "clusters": [{"name": "j", "cluster": {"server": "https://j.example.com"}}],
  "users": [
    {"name": "j", "user": {"token": "json-secret-token-1"}},
    {"name": "k", "user": {"client-key-data": "LS0tjsonKEYdata0123", "client-certificate-data": "Q0VSVA=="}}
  ],
  "contexts": [{"name": "j", "context": {"cluster": "j", "user": "j"}}]
}
`,
    secrets: ['json-secret-token-1', 'LS0tjsonKEYdata0123'],
  },
  {
    name: 'flow style',
    text: `apiVersion: v1
kind: Config
clusters: [{name: f, cluster: {server: "https://f.example.com"}}]
users: [{name: f, user: {token: flow-secret-99}}, {name: g, user: {username: me, password: pw-flow-7}}]
contexts: [{name: f, context: {cluster: f, user: f}}]
`,
    secrets: ['flow-secret-99', 'pw-flow-7'],
  },
  {
    name: 'quoted keys and values, with escapes',
    text: `"apiVersion": "v1"
'kind': 'Config'
"users":
- 'name': 'q'
  'user':
    'token': "quoted\\u0053ecret-tok"
- "name": "r"
  "user":
    "password": 'it''s-a-secret'
"contexts": []
`,
    secrets: ['quotedSecret-tok', 'quoted\\u0053ecret-tok', "it's-a-secret", "it''s-a-secret"],
  },
  {
    name: 'block scalars (literal and folded), multi-line',
    text: `apiVersion: v1
kind: Config
users:
- name: b
  user:
    token: |
      block-secret-line-one
      block-secret-line-two
    client-key-data: >-
      LS0tLS1foldedKEYpartA
      LS0tLS1foldedKEYpartB
contexts: []
`,
    secrets: ['block-secret-line-one', 'block-secret-line-two', 'LS0tLS1foldedKEYpartA', 'LS0tLS1foldedKEYpartB'],
  },
  {
    name: 'multi-line plain and double-quoted scalars',
    text: `apiVersion: v1
kind: Config
users:
- name: m
  user:
    token: plain-multi-first
      plain-multi-second
    password: "quoted-multi-first
      quoted-multi-second"
contexts: []
`,
    secrets: ['plain-multi-first', 'plain-multi-second', 'quoted-multi-first', 'quoted-multi-second'],
  },
  {
    name: 'auth-provider config and exec env',
    text: `apiVersion: v1
kind: Config
users:
- name: oidc
  user:
    auth-provider:
      name: oidc
      config:
        client-id: kubernetes
        client-secret: oidc-client-secret-5
        id-token: eyJidtoken.payload.sig
        refresh-token: refresh-tok-8844
        access-token: access-tok-7733
        idp-issuer-url: https://issuer.example.com
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      env:
      - name: AWS_SECRET_ACCESS_KEY
        value: aws-secret-value-42
contexts: []
`,
    secrets: ['oidc-client-secret-5', 'eyJidtoken.payload.sig', 'refresh-tok-8844', 'access-tok-7733', 'aws-secret-value-42'],
  },
  {
    name: 'anchors, aliases and merge keys',
    text: `apiVersion: v1
kind: Config
users:
- name: a
  user: &shared
    token: &tok anchored-secret-77
- name: b
  user:
    <<: *shared
- name: c
  user:
    token: *tok
contexts: []
`,
    secrets: ['anchored-secret-77'],
  },
  {
    name: 'short values and tags',
    text: `apiVersion: v1
kind: Config
users:
- name: s
  user:
    username: admin
    password: hunter2
- name: t
  user:
    token: !!str 12345
contexts: []
`,
    secrets: ['hunter2', '12345'],
  },
];

/** The diff the writer would show for `text`, with every line as context. */
function fullDiff(text: string, entries: readonly LoopbackEntry[]): { raw: string; after: string } {
  const after = planKubeconfig(text, entries).text;
  return { raw: unifiedDiff(text, after, { from: 'a', to: 'b' }, 10_000), after };
}

describe('redactDiff on the YAML structure', () => {
  for (const { name, text, secrets } of CASES) {
    it(`hides every credential: ${name}`, () => {
      const { raw, after } = fullDiff(text, GATEHOUSE);
      const all = [...secrets, ...GATEHOUSE.map((entry) => entry.token)];
      // Not vacuous: the raw diff shows each secret (fragments of one scalar at least one way).
      for (const token of GATEHOUSE) expect(raw).toContain(token.token);
      expect(secrets.some((secret) => raw.includes(secret))).toBe(true);

      const redacted = redactDiff(raw, [text, after], GATEHOUSE.map((entry) => entry.token));
      for (const secret of all) expect(redacted, secret).not.toContain(secret);
      // The lines stay (the reader sees a token is written), only values are replaced.
      expect(redacted.split('\n')).toHaveLength(raw.split('\n').length);
      expect(redacted).toContain(HIDDEN);
      expect(redacted).toContain('gatehouse-staging');
    });
  }

  it('hides a rotated token on both sides of the change, and the change stays visible', () => {
    const before = planKubeconfig(undefined, [{ ...desired('staging', 16400), token: 'old-token-AAAA1111' }]).text;
    const after = planKubeconfig(before, [{ ...desired('staging', 16400), token: 'new-token-BBBB2222' }]).text;
    const redacted = redactDiff(unifiedDiff(before, after, { from: 'a', to: 'b' }), [before, after]);
    expect(redacted).not.toMatch(/old-token|new-token/);
    expect(redacted).toContain(`-    token: ${HIDDEN}\n`);
    expect(redacted).toContain(`+    token: ${HIDDEN}\n`);
  });

  it('does not garble lines around a short secret', () => {
    const text = 'apiVersion: v1\nkind: Config\nusers:\n- name: ab\n  user:\n    password: ab\ncontexts: []\n';
    const { raw, after } = fullDiff(text, GATEHOUSE);
    const redacted = redactDiff(raw, [text, after]);
    expect(redacted).toContain(`     password: ${HIDDEN}\n`);
    expect(redacted).toContain('+- name: gatehouse-staging\n'); // "ab" is not inside a word
  });

  it('leaves file labels and hunk headers alone', () => {
    const diff = '--- token: x\n+++ token: y\n@@ -1,1 +1,1 @@\n-token: x\n+token: y\n';
    expect(redactDiff(diff)).toBe(`--- token: x\n+++ token: y\n@@ -1,1 +1,1 @@\n-token: ${HIDDEN}\n+token: ${HIDDEN}\n`);
  });
});

describe('redactDiff key rule (for text that does not parse)', () => {
  it('hides credential values on added, removed and context lines, and nothing else', () => {
    const diff = ['--- a', '+++ b', '@@ -1,3 +1,4 @@', '+    token: abc.def', '-    token: old', '     client-key-data: LS0t', '+    server: https://127.0.0.1:1', '   - token: xyz', '+    password: hunter2'].join('\n');
    expect(redactDiff(diff).split('\n')).toEqual([
      '--- a',
      '+++ b',
      '@@ -1,3 +1,4 @@',
      '+    token: <hidden>',
      '-    token: <hidden>',
      '     client-key-data: <hidden>',
      '+    server: https://127.0.0.1:1',
      '   - token: <hidden>',
      '+    password: <hidden>',
    ]);
  });

  it('hides flow-style, quoted and JSON values in a broken document', () => {
    const broken = 'users: [{name: x, user: {token: flowtok, password: "p,w"}}, {"token": "jsontok"}\n';
    const diff = `--- a\n+++ b\n@@ -0,0 +1,1 @@\n+${broken}`;
    const redacted = redactDiff(diff, [broken]);
    expect(redacted).not.toMatch(/flowtok|p,w|jsontok/);
    expect(redacted).toContain(`{token: ${HIDDEN}, password: ${HIDDEN}}`);
    expect(redacted).toContain(`{"token": ${HIDDEN}}`);
  });
});
