import type { ResourceStatus } from '../../shared/api';

/** A tag as one filter chip: `env=prod`. */
export interface TagChip {
  key: string;
  value: string;
  id: string;
  count: number;
}

export function tagId(key: string, value: string): string {
  return `${key}=${value}`;
}

/** Every distinct tag, most used first (then alphabetical), so the useful chips come first. */
export function collectTagChips(resources: readonly ResourceStatus[]): TagChip[] {
  const chips = new Map<string, TagChip>();
  for (const resource of resources) {
    for (const [key, value] of Object.entries(resource.tags)) {
      const id = tagId(key, value);
      const chip = chips.get(id);
      if (chip === undefined) chips.set(id, { key, value, id, count: 1 });
      else chip.count += 1;
    }
  }
  return [...chips.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}
