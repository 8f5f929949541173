// The gateway's own routes on its one listener (SPEC §10), answered before admission (the proxy's
// `localRoute`): probes and metrics without a token (kubelets and Prometheus carry none; nothing
// in them is about a person), what a desktop needs to sign in, the signed-in person, and the admin
// views (§6) for the config's `admins`. Everything else — /k8s/<resource>/… — goes to admission.
import type { ClientRequest, ClientResponse } from '../../domain/proxy/client-messages';
import type { BlockList } from 'node:net';
import { findUser, type Org } from '../../../shared/org';
import { identitySources } from '../../../shared/identity-sources';
import { kindOf, messageOf } from '../../../shared/errors';
import { planResourceRbac, renderResourceRbac, rolesPreviewWithBindings, runDoctor, selectResources, userAccessPreview, usersAccessPreview } from '../../domain/admin';
import { statusResponse } from '../../domain/proxy/k8s-status';
import type { RequestTarget } from '../../domain/proxy/request-target';
import { apiAuditLine, type AuditLine } from './audit-line';
import type { Authenticator } from './authenticate';
import { clientAddress } from './client-address';
import type { GatewayMetrics } from './metrics';
import type { Readiness } from './readiness';

export interface RouteDeps {
  oidc: { issuer: string; clientId: string; scopes: string[]; usernameClaim: string; groupsClaim?: string };
  authenticator: Authenticator;
  org: () => Org;
  /** Lowercased emails. */
  admins: ReadonlySet<string>;
  readiness: Readiness;
  metrics: GatewayMetrics;
  trustedProxies: BlockList;
  audit: (line: AuditLine) => void;
  version: string;
}

interface Answer {
  code: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A refusal's message, for the audit line. */
  refused?: string;
}

type Caller = { person: string | null; groups: string[] };

const json = (code: number, body: unknown): Answer => ({ code, body });

function statusAnswer(code: number, message: string, headers?: Record<string, string>): Answer {
  const reason = code === 405 ? { reason: 'MethodNotAllowed' } : {};
  return { code, body: { ...(JSON.parse(statusResponse(code, message).body) as object), ...reason }, refused: message, ...(headers ? { headers } : {}) };
}

/** A failure of an admin tool, by its kind (shared/errors.ts). */
function failureAnswer(err: unknown): Answer {
  const kind = kindOf(err);
  const code = kind === 'not-found' ? 404 : kind === 'usage' || kind === 'config' ? 400 : kind === 'unavailable' ? 503 : 500;
  return statusAnswer(code, `gatehouse gateway: ${messageOf(err)}`);
}

function send(res: ClientResponse, answer: Answer, text?: { contentType: string; body: string }): number {
  const body = text ? text.body : `${JSON.stringify(answer.body)}\n`;
  res.writeHead(answer.code, {
    ...answer.headers,
    'content-type': text ? text.contentType : 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  res.end(body);
  return Buffer.byteLength(body);
}

const ADMIN_PREFIX = '/v1/admin/';
const UNAUDITED = new Set(['/healthz', '/readyz', '/metrics']);

export function gatewayRoutes(deps: RouteDeps): (req: ClientRequest, res: ClientResponse, target: RequestTarget) => Promise<boolean> {
  const isLocal = (path: string): boolean => path === '/healthz' || path === '/readyz' || path === '/metrics' || path === '/.well-known/gatehouse' || path === '/v1/me' || path.startsWith(ADMIN_PREFIX) || path === '/v1/admin';

  /** The person, when the token is good and (unless `adminOnly`) they are an org user. */
  async function caller(req: ClientRequest, caller: Caller, adminOnly: boolean): Promise<{ ok: true; email: string } | Answer> {
    const token = await deps.authenticator.token(req);
    if (!token.ok) return statusAnswer(token.code, token.message, token.headers);
    const username = token.oidc.username;
    if (adminOnly) {
      caller.person = username;
      if (!deps.admins.has(username.toLowerCase())) return statusAnswer(403, `gatehouse gateway: ${JSON.stringify(username.slice(0, 100))} is not an admin of this gateway (config "admins")`);
      return { ok: true, email: username };
    }
    const person = deps.authenticator.person(deps.org(), token.oidc);
    if (!person.ok) return statusAnswer(person.code, person.message, person.headers);
    caller.person = person.identity.email;
    caller.groups = person.identity.groups;
    return { ok: true, email: person.identity.email };
  }

  async function me(req: ClientRequest, who: Caller): Promise<Answer> {
    const token = await deps.authenticator.token(req);
    if (!token.ok) return statusAnswer(token.code, token.message, token.headers);
    const person = deps.authenticator.person(deps.org(), token.oidc);
    if (!person.ok) return statusAnswer(person.code, person.message, person.headers);
    const { email, name, roles, groups, warnings, resources, identities } = person.identity;
    who.person = email;
    who.groups = groups;
    const org = deps.org();
    const { roleSources, groupSources } = identitySources(roles, findUser(org, email)?.roles ?? [], groups);
    // What a desktop shows of each resource; never the cluster's address or credential.
    const resourceDetails = org.resources
      .filter((r) => resources.includes(r.name))
      .map((r) => ({ name: r.name, type: r.type, tags: { ...r.tags }, healthcheckNamespace: r.healthcheckNamespace }));
    // As `whoami --json` (SPEC §7), plus where roles and groups come from, the resources' details,
    // whether the person may use the admin views, the IdP's own subject and when the token expires.
    return json(200, {
      email,
      name,
      roles,
      groups,
      warnings,
      resources,
      roleSources,
      groupSources,
      resourceDetails,
      // Per assigned resource: the username and groups sent there, with their sources (SPEC §11).
      identities,
      admin: deps.admins.has(email.toLowerCase()),
      subject: token.oidc.subject ?? null,
      tokenExpiresAt: token.oidc.expiresAt.toISOString(),
    });
  }

  async function admin(req: ClientRequest, target: RequestTarget, who: Caller): Promise<Answer> {
    const allowed = await caller(req, who, true);
    if (!('ok' in allowed)) return allowed;
    const org = deps.org();
    const view = target.path.slice(ADMIN_PREFIX.length);
    const resources = target.query.getAll('resource');
    try {
      switch (view) {
        case 'roles':
          return json(200, await rolesPreviewWithBindings(org, resources.length > 0 ? { resources } : {}));
        case 'can-i': {
          const users = target.query.getAll('user');
          if (users.length === 0) return json(200, await usersAccessPreview(org));
          return json(200, { users: await Promise.all(users.map((email) => userAccessPreview(org, email))) });
        }
        case 'doctor':
          // Named resources are looked up first, so a typo is a 404 before any cluster is asked.
          selectResources(org, resources);
          return json(200, await runDoctor(org, { resources }));
        case 'rbac': {
          const broad = target.query.get('broad') === 'true';
          const documents = [];
          for (const resource of selectResources(org, resources)) documents.push({ resource: resource.name, yaml: renderResourceRbac(await planResourceRbac(org, resource, { broad })) });
          return json(200, { documents });
        }
        default:
          return statusAnswer(404, `gatehouse gateway: no admin view ${JSON.stringify(view.slice(0, 60))}; there are roles, can-i, doctor, rbac`);
      }
    } catch (err) {
      return failureAnswer(err);
    }
  }

  return async (req, res, target) => {
    const path = target.path;
    if (!isLocal(path)) return false;
    const started = performance.now();
    const time = new Date().toISOString();
    const method = req.method ?? 'GET';
    req.resume();
    const who: Caller = { person: null, groups: [] };
    let answer: Answer;
    let text: { contentType: string; body: string } | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      answer = statusAnswer(405, `gatehouse gateway: ${path} answers GET only`, { allow: 'GET' });
    } else if (path === '/healthz') {
      answer = json(200, { ok: true });
    } else if (path === '/readyz') {
      const report = deps.readiness.report();
      answer = json(report.ready ? 200 : 503, report);
    } else if (path === '/metrics') {
      answer = json(200, null);
      text = { contentType: deps.metrics.contentType, body: await deps.metrics.text() };
    } else if (path === '/.well-known/gatehouse') {
      const { issuer, clientId, scopes, usernameClaim, groupsClaim } = deps.oidc;
      answer = json(200, { issuer, clientId, scopes, usernameClaim, groupsClaim: groupsClaim ?? null, kubernetesPathPrefix: '/k8s/', version: deps.version });
    } else if (path === '/v1/me') {
      answer = await me(req, who);
    } else {
      answer = await admin(req, target, who);
    }
    const bytes = send(res, answer, text);
    if (!UNAUDITED.has(path)) {
      deps.audit(
        apiAuditLine({
          time,
          person: who.person,
          groups: who.groups,
          method,
          path,
          status: answer.code,
          bytes,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          address: clientAddress(req, deps.trustedProxies),
          ...(answer.refused !== undefined ? { refused: answer.refused } : {}),
        }),
      );
    }
    return true;
  };
}
