import type { ResourceStatus } from '../../shared/api';
import { tagId } from './resource-tags';

/**
 * The resource list filter. Selected tags with the same key are alternatives (env=prod OR
 * env=staging); different keys must all match (env=prod AND team=payments) — how people narrow
 * down with chips. The search text matches name, server (or the gateway it goes through), type, port and
 * tags, case-insensitively.
 */
export function filterResources(
  resources: readonly ResourceStatus[],
  query: string,
  selectedTagIds: readonly string[],
): ResourceStatus[] {
  const needle = query.trim().toLowerCase();
  const valuesByKey = new Map<string, Set<string>>();
  for (const id of selectedTagIds) {
    const at = id.indexOf('=');
    const key = id.slice(0, at);
    const values = valuesByKey.get(key) ?? new Set<string>();
    values.add(id);
    valuesByKey.set(key, values);
  }
  return resources.filter((resource) => matchesTags(resource, valuesByKey) && matchesText(resource, needle));
}

function matchesTags(resource: ResourceStatus, valuesByKey: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  for (const [key, ids] of valuesByKey) {
    const value = resource.tags[key];
    if (value === undefined || !ids.has(tagId(key, value))) return false;
  }
  return true;
}

function matchesText(resource: ResourceStatus, needle: string): boolean {
  if (needle === '') return true;
  if (resource.name.toLowerCase().includes(needle)) return true;
  if (resource.server?.toLowerCase().includes(needle) === true) return true;
  if (resource.via?.toLowerCase().includes(needle) === true) return true;
  if (resource.type.toLowerCase().includes(needle)) return true;
  if (resource.port !== null && String(resource.port).includes(needle)) return true;
  return Object.entries(resource.tags).some(([key, value]) => tagId(key, value).toLowerCase().includes(needle));
}
