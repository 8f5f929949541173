// A kubeconfig file read into the shapes @kubernetes/client-node uses (its Cluster, User and Context
// types), without loading client-node: importing any of it loads the generated API models as well,
// ~55-70 MB of RSS for a process that only needs to know a server and a credential (bench/ANALYSIS.md,
// "idle RSS and start-up"). The rules are client-node's own (config_types.js and
// KubeConfig.loadFromFile of the pinned version: required fields, trailing slash, `token-file` read
// at load, file paths relative to the kubeconfig's folder), so the objects can be handed to
// client-node's KubeConfig.loadFromOptions unchanged when an exec plugin or auth provider needs it
// (kubeconfig-credential.ts). kubeconfig-file.test.ts compares both readers on the same files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { parse } from 'yaml';

/** What KubeConfig.loadFromOptions takes; a client-node KubeConfig has these fields too. */
export interface KubeconfigData {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
}

type Entry = Record<string, unknown>;

const asEntry = (value: unknown): Entry | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entry) : null;

/** `clusters:`/`users:`/`contexts:` as client-node reads them: anything but a list is no entries. */
function entries(value: unknown): Entry[] {
  return Array.isArray(value) ? value.map((e) => asEntry(e) ?? {}) : [];
}

/** A string field as it was written; client-node copies fields without checking their type. */
function field<T = string>(entry: Entry | null, key: string): T | undefined {
  return entry === null ? undefined : (entry[key] as T | undefined);
}

/** A nested mapping (`cluster:`, `user:`, `context:`): null when absent, as client-node tests it. */
const nested = (value: unknown): Entry | null => (value ? (asEntry(value) ?? {}) : null);

function cluster(elt: Entry, i: number): Cluster {
  if (!elt.name) throw new Error(`clusters[${i}].name is missing`);
  const c = nested(elt.cluster);
  if (!c) throw new Error(`clusters[${i}].cluster is missing`);
  if (!c.server) throw new Error(`clusters[${i}].cluster.server is missing`);
  if (typeof c.server !== 'string') throw new Error(`clusters[${i}].cluster.server is not a string`);
  return {
    caData: field(c, 'certificate-authority-data'),
    caFile: field(c, 'certificate-authority'),
    name: elt.name as string,
    server: c.server.replace(/\/$/, ''),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: field(c, 'tls-server-name'),
    proxyUrl: field(c, 'proxy-url'),
  };
}

/** client-node's findToken: `token`, else the contents of `token-file` (read now, as given). */
function token(u: Entry | null): string | undefined {
  if (!u) return undefined;
  if (u.token) return u.token as string;
  if (u['token-file']) return readFileSync(u['token-file'] as string).toString();
  return undefined;
}

function user(elt: Entry, i: number): User {
  if (!elt.name) throw new Error(`users[${i}].name is missing`);
  const u = nested(elt.user);
  // client-node sets null (not undefined) for every field of an entry without `user:`.
  const get = <T>(key: string): T | undefined => (u ? field<T>(u, key) : (null as T | undefined));
  return {
    authProvider: get('auth-provider'),
    certData: get('client-certificate-data'),
    certFile: get('client-certificate'),
    exec: get('exec'),
    keyData: get('client-key-data'),
    keyFile: get('client-key'),
    name: elt.name as string,
    token: token(u),
    password: get('password'),
    username: get('username'),
    impersonateUser: get('as'),
  };
}

function context(elt: Entry, i: number): Context {
  if (!elt.name) throw new Error(`contexts[${i}].name is missing`);
  const c = nested(elt.context);
  if (!c) throw new Error(`contexts[${i}].context is missing`);
  if (!c.cluster) throw new Error(`contexts[${i}].context.cluster is missing`);
  // client-node's Context says `user: string`, yet it leaves a context without one undefined.
  return {
    cluster: c.cluster,
    name: elt.name,
    user: c.user || undefined,
    namespace: c.namespace || undefined,
  } as Context;
}

function absolute(root: string, file: string | undefined): string | undefined {
  if (!file || !root || path.isAbsolute(file)) return file;
  return path.join(root, file);
}

/** Parses kubeconfig text; file paths in it stay as written (see readKubeconfigFile). */
export function parseKubeconfig(text: string): KubeconfigData {
  // merge keys (`<<:`) as js-yaml, client-node's parser, reads them.
  const doc = asEntry(parse(text, { merge: true }) as unknown);
  if (!doc) throw new Error('not a kubeconfig (the file is empty or not a YAML mapping)');
  return {
    clusters: entries(doc.clusters).map(cluster),
    users: entries(doc.users).map(user),
    contexts: entries(doc.contexts).map(context),
    currentContext: doc['current-context'] as string,
  };
}

/** Reads a kubeconfig file; relative CA, certificate and key paths are taken from its folder. */
export function readKubeconfigFile(file: string): KubeconfigData {
  const kc = parseKubeconfig(readFileSync(file).toString('utf-8'));
  const root = path.dirname(file);
  return {
    ...kc,
    clusters: kc.clusters.map((c) => ({ ...c, caFile: absolute(root, c.caFile) })),
    users: kc.users.map((u) => ({ ...u, certFile: absolute(root, u.certFile), keyFile: absolute(root, u.keyFile) })),
  };
}

/** The named context, cluster or user (the first of that name, as client-node finds it). */
export const named = <T extends { name: string }>(list: readonly T[], name: string | undefined): T | null =>
  list.find((x) => x.name === name) ?? null;

export function currentCluster(kc: KubeconfigData): Cluster | null {
  const ctx = named(kc.contexts, kc.currentContext);
  return ctx ? named(kc.clusters, ctx.cluster) : null;
}

export function currentUser(kc: KubeconfigData): User | null {
  const ctx = named(kc.contexts, kc.currentContext);
  return ctx ? named(kc.users, ctx.user) : null;
}
