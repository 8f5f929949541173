// Which org-file changes need a running proxy to be rebuilt: the ones it reads once, at connect —
// the leased credential and where it points (`cluster:`, `insecureHttp`) and the listener's port.
// Groups, tags and the health-check namespace are read as they are used and need nothing.
import type { OrgResource } from '../../../shared/org';

/** JSON with object keys sorted, so that reordering keys in the YAML is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** True when a proxy built for `before` no longer matches `after`. */
export function connectionSettingsChanged(before: OrgResource, after: OrgResource): boolean {
  const settings = (r: OrgResource) =>
    canonical({ cluster: r.cluster, port: r.port, insecureHttp: r.insecureHttp === true });
  return settings(before) !== settings(after);
}
