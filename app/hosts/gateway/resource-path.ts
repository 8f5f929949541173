// `/k8s/<resource>/<rest>` (SPEC §10): which resource a gateway request is for, and what goes to
// that resource's cluster. The target was already parsed (request-target.ts: origin-form, valid
// escapes, no dot segments, literal or encoded). Here the resource segment is matched exactly as
// written: a segment with any percent-escape is refused rather than decoded, so no `%2F`, `%2e`,
// `%00` or double-encoded trick can name another resource, and no other spelling of a name (case,
// escapes) is an alias of it.
import type { RequestTarget } from '../../domain/proxy/request-target';

export const K8S_PREFIX = '/k8s/';

export type ResourcePath =
  | { kind: 'resource'; resource: string; target: RequestTarget }
  | { kind: 'refused'; code: 400; message: string }
  /** Not under /k8s/ at all. */
  | { kind: 'other' };

export function resourcePath(target: RequestTarget): ResourcePath {
  if (!target.path.startsWith(K8S_PREFIX)) return target.path === '/k8s' ? refuse('names no resource: use /k8s/<resource>/…') : { kind: 'other' };
  const afterPrefix = target.path.slice(K8S_PREFIX.length);
  const slash = afterPrefix.indexOf('/');
  const segment = slash < 0 ? afterPrefix : afterPrefix.slice(0, slash);
  if (segment === '') return refuse('names no resource: use /k8s/<resource>/…');
  if (segment.includes('%')) return refuse(`has a percent-escape in its resource segment ${JSON.stringify(segment.slice(0, 80))}; resource names are matched exactly, never decoded`);
  const rest = slash < 0 ? '/' : afterPrefix.slice(slash);
  const q = target.raw.indexOf('?');
  const raw = q < 0 ? rest : `${rest}${target.raw.slice(q)}`;
  return { kind: 'resource', resource: segment, target: { raw, path: rest, query: target.query } };
}

function refuse(why: string): ResourcePath {
  return { kind: 'refused', code: 400, message: `gatehouse gateway: the path ${why}` };
}
