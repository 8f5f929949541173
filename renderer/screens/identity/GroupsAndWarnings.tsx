import type { GroupWarning } from '../../../shared/roles';
import { SYSTEM_AUTHENTICATED } from '../../../shared/roles';
import { ChipList } from '../../components/Chip';
import { WarningIcon } from '../../components/icons';

/** Why some roles give no group or share one. */
export function GroupWarnings({ warnings }: { warnings: readonly GroupWarning[] }): React.JSX.Element | null {
  if (warnings.length === 0) return null;
  return (
    <ul className="warning-list" aria-label="Group warnings">
      {warnings.map((warning) => (
        <li key={`${warning.role}:${warning.problem}`} className="warning-list__item">
          <WarningIcon />
          <span>
            <strong>Role “{warning.role}”</strong>: {warning.problem}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The groups the proxy sends (Impersonate-Group) and why some roles give no group or share one.
 * Used by the identity screen and the resource detail.
 */
export function GroupsAndWarnings({
  groups,
  warnings,
}: {
  groups: readonly string[];
  warnings: readonly GroupWarning[];
}): React.JSX.Element {
  return (
    <div className="stack stack--tight">
      <ChipList
        items={groups}
        label="Groups"
        mono
        toneOf={(group) => (group === SYSTEM_AUTHENTICATED ? 'neutral' : 'accent')}
        none="No groups"
      />
      <GroupWarnings warnings={warnings} />
    </div>
  );
}
