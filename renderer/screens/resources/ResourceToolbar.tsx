import { useId } from 'react';
import type { ResourceStatus } from '../../../shared/api';
import { Button } from '../../components/Button';
import { SearchIcon } from '../../components/icons';
import { formatCount } from '../../lib/format';
import { useResourceFilter } from '../../stores/resource-filter-store';
import { TagFilter } from './TagFilter';

/** Search and tag chips above the list, with a live count of what is shown. */
export function ResourceToolbar({
  resources,
  shownCount,
}: {
  resources: readonly ResourceStatus[];
  shownCount: number;
}): React.JSX.Element {
  const searchId = useId();
  const query = useResourceFilter((store) => store.query);
  const selectedTags = useResourceFilter((store) => store.selectedTagIds);
  const setQuery = useResourceFilter((store) => store.setQuery);
  const clear = useResourceFilter((store) => store.clear);
  const filtering = query !== '' || selectedTags.length > 0;

  return (
    <div className="toolbar">
      <div className="toolbar__row">
        <div className="search">
          <SearchIcon />
          <label className="visually-hidden" htmlFor={searchId}>
            Search resources
          </label>
          <input
            id={searchId}
            className="input search__input"
            type="search"
            placeholder="Search by name, server, tag or port"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            spellCheck={false}
          />
        </div>
        <p className="toolbar__count" role="status">
          {filtering
            ? `Showing ${formatCount(shownCount)} of ${formatCount(resources.length)}`
            : `${formatCount(resources.length)} ${resources.length === 1 ? 'resource' : 'resources'}`}
        </p>
        {filtering && (
          <Button size="small" variant="ghost" onClick={clear}>
            Clear filters
          </Button>
        )}
      </div>
      <TagFilter resources={resources} />
    </div>
  );
}
