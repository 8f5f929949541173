import { useId } from 'react';
import { SearchIcon } from '../../components/icons';
import { STATUS_CLASS_LABELS, type StatusClass } from '../../lib/request-filter';
import { useRequests } from '../../stores/requests-store';

const STATUS_CLASSES = Object.keys(STATUS_CLASS_LABELS) as StatusClass[];

export function RequestFilters({ verbs }: { verbs: readonly string[] }): React.JSX.Element {
  const textId = useId();
  const verbId = useId();
  const statusId = useId();
  const filter = useRequests((store) => store.filter);
  const setFilter = useRequests((store) => store.setFilter);
  return (
    <div className="toolbar__row">
      <div className="search">
        <SearchIcon />
        <label className="visually-hidden" htmlFor={textId}>
          Filter requests
        </label>
        <input
          id={textId}
          className="input search__input"
          type="search"
          placeholder="Filter by path, resource, user, verb or status"
          value={filter.text}
          onChange={(event) => setFilter({ text: event.target.value })}
          spellCheck={false}
        />
      </div>
      <label className="visually-hidden" htmlFor={verbId}>
        Verb
      </label>
      <select
        id={verbId}
        className="select"
        value={filter.verb}
        onChange={(event) => setFilter({ verb: event.target.value })}
      >
        <option value="">Any verb</option>
        {verbs.map((verb) => (
          <option key={verb} value={verb}>
            {verb}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={statusId}>
        Status
      </label>
      <select
        id={statusId}
        className="select"
        value={filter.status}
        onChange={(event) => setFilter({ status: event.target.value as StatusClass })}
      >
        {STATUS_CLASSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_CLASS_LABELS[status]}
          </option>
        ))}
      </select>
    </div>
  );
}
