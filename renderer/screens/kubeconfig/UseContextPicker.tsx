import { useId } from 'react';
import { useKubeconfig } from '../../stores/kubeconfig-store';
import { useResources } from '../../stores/resources-store';

const LEAVE_UNCHANGED = '';

/** Optionally make one Gatehouse context kubectl's current one (SPEC §5: only when asked). */
export function UseContextPicker({ disabled }: { disabled: boolean }): React.JSX.Element {
  const selectId = useId();
  const contextToUse = useKubeconfig((store) => store.useContext);
  const setUseContext = useKubeconfig((store) => store.setUseContext);
  // Joined into one string so the selector's result compares equal while the names do not change.
  const joinedNames = useResources((store) => store.resources.map((resource) => resource.name).join('\n'));
  const names = joinedNames === '' ? [] : joinedNames.split('\n');

  return (
    <div className="field field--inline">
      <label className="field__label" htmlFor={selectId}>
        Current context
      </label>
      <select
        id={selectId}
        className="select"
        value={contextToUse ?? LEAVE_UNCHANGED}
        disabled={disabled}
        onChange={(event) => void setUseContext(event.target.value === LEAVE_UNCHANGED ? null : event.target.value)}
      >
        <option value={LEAVE_UNCHANGED}>Leave unchanged</option>
        {names.map((name) => (
          <option key={name} value={name}>
            Switch to {name}
          </option>
        ))}
      </select>
    </div>
  );
}
