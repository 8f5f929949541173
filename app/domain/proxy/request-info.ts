// What a Kubernetes API request is about, read from its method and path the way the API server's
// RequestInfoFactory does, for the local audit log and the activity view.

export interface RequestInfo {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection, or the lowercase method for non-resource paths. */
  verb: string;
  resource: string | null;
  subresource: string | null;
  namespace: string | null;
  name: string | null;
}

const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
  GET: 'get',
  HEAD: 'get',
};

/** Never throws: a target the proxy refused is still logged, as a request about nothing. */
export function requestInfo(method: string, url: string): RequestInfo {
  const none: RequestInfo = { verb: method.toLowerCase(), resource: null, subresource: null, namespace: null, name: null };
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://localhost');
  } catch {
    return none;
  }
  const parts = parsed.pathname.split('/').filter(Boolean);
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 3) rest = parts.slice(3);
  else return none;
  if (rest.length === 0) return none;

  let namespace: string | null = null;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1] ?? null;
    rest = rest.slice(2);
  }
  const [resource = null, name = null, subresource = null] = rest;
  if (resource === 'namespaces' && name !== null) namespace = name;

  let verb = METHOD_VERBS[method.toUpperCase()] ?? method.toLowerCase();
  const watchParam = parsed.searchParams.get('watch');
  if (verb === 'get' && name === null) verb = watchParam === 'true' || watchParam === '1' ? 'watch' : 'list';
  if (verb === 'delete' && name === null) verb = 'deletecollection';
  return { verb, resource, subresource, namespace, name };
}
