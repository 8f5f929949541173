/**
 * A resource's `cluster:` block, the leased credential (SPEC §2), in exactly one of three forms:
 * a kubeconfig file (`kubeconfig`, `context`) — which also covers exec plugins —, inline fields
 * (`server` + one authentication method), or `inCluster: true` (SPEC §10: the gateway's own
 * ServiceAccount, as client-go's rest.InClusterConfig reads it). All forms are parsed from one
 * strict map so a mistake gets a precise message ("token and tokenFile both given") instead of
 * zod's generic "no union member matched".
 */
import { z } from 'zod';
import { nonEmptyText, strictMap } from './org-schema-parts';

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;
const base64Text = nonEmptyText.regex(BASE64, 'must be base64, as in a kubeconfig\'s "...-data" fields');

const kubeconfigShape = {
  /** Relative to the org file; the loader resolves it. */
  kubeconfig: nonEmptyText,
  /** Else the kubeconfig's current-context. */
  context: nonEmptyText.optional(),
};

const inlineShape = {
  server: nonEmptyText.refine(isHttpUrl, 'must be an http(s):// URL, e.g. https://10.0.0.1:6443'),
  certificateAuthority: nonEmptyText.optional(),
  certificateAuthorityData: base64Text.optional(),
  token: nonEmptyText.optional(),
  tokenFile: nonEmptyText.optional(),
  clientCertificate: nonEmptyText.optional(),
  clientCertificateData: base64Text.optional(),
  clientKey: nonEmptyText.optional(),
  clientKeyData: base64Text.optional(),
  insecureSkipTLSVerify: z.boolean().optional(),
};

const inClusterShape = {
  inCluster: z.literal(true, { error: 'must be true (or leave it out and use "kubeconfig" or "server")' }),
  /**
   * Where the ServiceAccount's `token` and `ca.crt` are; relative to the org file. Default: the
   * gateway's `serviceAccountDir`, else GATEHOUSE_SERVICEACCOUNT_DIR, else
   * /var/run/secrets/kubernetes.io/serviceaccount (app/domain/proxy/in-cluster.ts).
   */
  serviceAccountDir: nonEmptyText.optional(),
};

const kubeconfigClusterSchema = z.strictObject(kubeconfigShape);
const inlineClusterSchema = z.strictObject(inlineShape);
const inClusterClusterSchema = z.strictObject(inClusterShape);

export type KubeconfigClusterSource = z.infer<typeof kubeconfigClusterSchema>;
export type InlineClusterSource = z.infer<typeof inlineClusterSchema>;
export type InClusterClusterSource = z.infer<typeof inClusterClusterSchema>;
/** Tell the forms apart with `'kubeconfig' in source`, `'inCluster' in source`, else inline. */
export type ClusterSource = KubeconfigClusterSource | InlineClusterSource | InClusterClusterSource;

/** A scheme and a host, nothing else checked: shared/ has no URL global (no DOM, no Node). */
const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/\S*)?$/i;

function isHttpUrl(text: string): boolean {
  return HTTP_URL.test(text);
}

type RawCluster = z.infer<typeof rawClusterSchema>;
type InlineKey = keyof typeof inlineShape;
type ClusterIssue = { path: string[]; message: string };

const rawClusterSchema = strictMap({
  ...kubeconfigClusterSchema.partial().shape,
  ...inlineClusterSchema.partial().shape,
  ...inClusterClusterSchema.partial().shape,
});

const INLINE_KEYS = Object.keys(inlineShape) as InlineKey[];
/** Pairs where a file path and inline base64 data say the same thing; at most one of each. */
const EITHER_FILE_OR_DATA: ReadonlyArray<readonly [InlineKey, InlineKey]> = [
  ['certificateAuthority', 'certificateAuthorityData'],
  ['token', 'tokenFile'],
  ['clientCertificate', 'clientCertificateData'],
  ['clientKey', 'clientKeyData'],
];

function present(raw: RawCluster, keys: readonly InlineKey[]): InlineKey[] {
  return keys.filter((key) => raw[key] !== undefined);
}

/** `inCluster: true` takes everything from the ServiceAccount: nothing else may be given with it. */
function inClusterFormIssues(raw: RawCluster): ClusterIssue[] {
  const mixed = [...(raw.kubeconfig !== undefined ? ['kubeconfig'] : []), ...(raw.context !== undefined ? ['context'] : []), ...present(raw, INLINE_KEYS)];
  return mixed.map((key) => ({
    path: [key],
    message: '"inCluster: true" uses the gateway\'s own ServiceAccount (token, CA, server); it cannot be combined with other credential fields',
  }));
}

function kubeconfigFormIssues(raw: RawCluster): ClusterIssue[] {
  const mixed = present(raw, INLINE_KEYS);
  return mixed.map((key) => ({
    path: [key],
    message: '"kubeconfig" and inline fields cannot be combined; use one form (the kubeconfig may hold any credential)',
  }));
}

/** Exactly one authentication method: a token (token | tokenFile) or a client certificate + key. */
function inlineAuthIssues(raw: RawCluster): ClusterIssue[] {
  const tokenKeys = present(raw, ['token', 'tokenFile']);
  const certKeys = present(raw, ['clientCertificate', 'clientCertificateData']);
  const keyKeys = present(raw, ['clientKey', 'clientKeyData']);
  if (tokenKeys.length > 0 && certKeys.length + keyKeys.length > 0) {
    const message = 'choose one authentication method: a token (token/tokenFile) or a client certificate, not both';
    return [{ path: [certKeys[0] ?? keyKeys[0] ?? 'clientKey'], message }];
  }
  if (tokenKeys.length > 0) return [];
  if (certKeys.length > 0 && keyKeys.length === 0) {
    return [{ path: [], message: 'clientKey or clientKeyData is required with a client certificate' }];
  }
  if (keyKeys.length > 0 && certKeys.length === 0) {
    return [{ path: [], message: 'clientCertificate or clientCertificateData is required with a client key' }];
  }
  if (certKeys.length > 0) return [];
  const message =
    'needs credentials: token, tokenFile, or clientCertificate(Data) + clientKey(Data) (or use the kubeconfig form)';
  return [{ path: [], message }];
}

function inlineFormIssues(raw: RawCluster): ClusterIssue[] {
  const issues: ClusterIssue[] = [];
  if (raw.server === undefined) {
    const message = 'needs "kubeconfig" (a kubeconfig file) or "server" with inline credentials';
    // With no inline key at all, which form was meant is unknown: one message, not a list of inline rules.
    if (present(raw, INLINE_KEYS).length === 0) return [{ path: [], message }];
    issues.push({ path: ['server'], message });
  }
  if (raw.context !== undefined) {
    issues.push({ path: ['context'], message: '"context" only applies together with "kubeconfig"' });
  }
  for (const [a, b] of EITHER_FILE_OR_DATA) {
    if (raw[a] !== undefined && raw[b] !== undefined) {
      issues.push({ path: [b], message: `give ${a} or ${b}, not both` });
    }
  }
  if (
    raw.insecureSkipTLSVerify === true &&
    present(raw, ['certificateAuthority', 'certificateAuthorityData']).length > 0
  ) {
    // Same rule as kubectl: a CA with TLS verification turned off is almost certainly a mistake.
    issues.push({ path: ['insecureSkipTLSVerify'], message: 'cannot be true when a certificate authority is given' });
  }
  return [...issues, ...inlineAuthIssues(raw)];
}

function toClusterSource(raw: RawCluster, ctx: z.core.$RefinementCtx<RawCluster>): ClusterSource {
  const { kubeconfig, context, server, inCluster, serviceAccountDir, ...inline } = raw;
  const issues =
    inCluster !== undefined
      ? inClusterFormIssues(raw)
      : serviceAccountDir !== undefined
        ? [{ path: ['serviceAccountDir'], message: 'only applies together with "inCluster: true"' }]
        : kubeconfig !== undefined
          ? kubeconfigFormIssues(raw)
          : inlineFormIssues(raw);
  for (const issue of issues) ctx.addIssue({ code: 'custom', input: raw, ...issue });
  if (issues.length > 0) return z.NEVER;
  if (inCluster !== undefined) return serviceAccountDir === undefined ? { inCluster } : { inCluster, serviceAccountDir };
  if (kubeconfig !== undefined) return context === undefined ? { kubeconfig } : { kubeconfig, context };
  if (server === undefined) return z.NEVER; // unreachable: inlineFormIssues reported it
  return { server, ...inline };
}

export const clusterSourceSchema = rawClusterSchema.transform(toClusterSource);
