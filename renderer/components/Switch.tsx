/** An on/off switch (a button with role="switch", so screen readers say "on"/"off"). */
interface SwitchProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Waiting for the last change: presses are ignored, but focus stays (unlike `disabled`). */
  busy?: boolean;
  tabIndex?: number;
  /** The id of a visible text that says more (aria-describedby). */
  describedBy?: string;
}

export function Switch({
  label,
  checked,
  onChange,
  busy = false,
  tabIndex,
  describedBy,
}: SwitchProps): React.JSX.Element {
  return (
    <button
      type="button"
      role="switch"
      className={`switch${checked ? ' switch--on' : ''}${busy ? ' switch--busy' : ''}`}
      aria-checked={checked}
      aria-label={label}
      aria-describedby={describedBy}
      aria-busy={busy || undefined}
      aria-disabled={busy || undefined}
      tabIndex={tabIndex}
      onClick={() => {
        if (!busy) onChange(!checked);
      }}
    >
      <span className="switch__thumb" aria-hidden="true" />
    </button>
  );
}
