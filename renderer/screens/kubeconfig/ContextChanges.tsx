import type { KubeconfigUpdate } from '../../../shared/api';

interface Group {
  title: string;
  names: string[];
  kind: 'added' | 'updated' | 'removed' | 'unchanged';
}

/** Which kubectl contexts the update adds, updates, removes, or leaves as they are. */
export function ContextChanges({ update, past }: { update: KubeconfigUpdate; past: boolean }): React.JSX.Element {
  const groups: Group[] = [
    { title: past ? 'Added' : 'Will be added', names: update.added, kind: 'added' },
    { title: past ? 'Updated' : 'Will be updated', names: update.updated, kind: 'updated' },
    { title: past ? 'Removed' : 'Will be removed', names: update.removed, kind: 'removed' },
    { title: 'Already up to date', names: update.unchanged, kind: 'unchanged' },
  ];
  return (
    <div className="context-changes">
      {groups
        .filter((group) => group.names.length > 0)
        .map((group) => (
          <div key={group.kind} className={`context-changes__group context-changes__group--${group.kind}`}>
            <h3 className="context-changes__title">
              {group.title} <span className="muted">({group.names.length})</span>
            </h3>
            <ul className="context-changes__names" aria-label={`Contexts: ${group.title.toLowerCase()}`}>
              {group.names.map((name) => (
                <li key={name} className="mono">
                  {name}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}
