import { useId, useMemo, useState } from 'react';
import type { ResourceStatus } from '../../../shared/api';
import { collectTagChips } from '../../lib/resource-tags';
import { useResourceFilter } from '../../stores/resource-filter-store';

/** Enough chips to be useful at a glance; the rest behind "More tags". */
const COLLAPSED_COUNT = 12;

/** Toggle buttons (aria-pressed), one per tag value found on the resources. */
export function TagFilter({ resources }: { resources: readonly ResourceStatus[] }): React.JSX.Element | null {
  const chips = useMemo(() => collectTagChips(resources), [resources]);
  const selected = useResourceFilter((store) => store.selectedTagIds);
  const toggleTag = useResourceFilter((store) => store.toggleTag);
  const [expanded, setExpanded] = useState(false);
  const baseId = useId();
  if (chips.length === 0) return null;

  // Selected chips always stay visible, even when collapsed.
  const visible = expanded
    ? chips
    : chips.filter((chip, index) => index < COLLAPSED_COUNT || selected.includes(chip.id));
  return (
    <div className="tag-filter" role="group" aria-label="Filter by tag">
      {visible.map((chip, index) => {
        const pressed = selected.includes(chip.id);
        const countId = `${baseId}-${index}`;
        // Named "key=value" exactly; the count is its description.
        return (
          <button
            key={chip.id}
            type="button"
            className="filter-chip"
            aria-pressed={pressed}
            aria-label={chip.id}
            aria-describedby={countId}
            onClick={() => toggleTag(chip.id)}
          >
            <span className="filter-chip__key">{chip.key}</span>
            <span className="filter-chip__value">{chip.value}</span>
            <span id={countId} className="filter-chip__count">
              {chip.count}
              <span className="visually-hidden"> {chip.count === 1 ? 'resource' : 'resources'}</span>
            </span>
          </button>
        );
      })}
      {chips.length > COLLAPSED_COUNT && (
        <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Fewer tags' : `More tags (${chips.length - COLLAPSED_COUNT})`}
        </button>
      )}
    </div>
  );
}
