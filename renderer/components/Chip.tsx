import type { ReactNode } from 'react';

type ChipTone = 'neutral' | 'warning' | 'danger' | 'accent';

/** A static label (a tag, a group, a role). Toggleable chips are FilterChip. */
export function Chip({
  children,
  tone = 'neutral',
  mono = false,
}: {
  children: ReactNode;
  tone?: ChipTone;
  mono?: boolean;
}): React.JSX.Element {
  return <span className={`chip chip--${tone}${mono ? ' chip--mono' : ''}`}>{children}</span>;
}

interface ChipListProps {
  items: readonly string[];
  /** Names the list for screen readers, e.g. "Groups". */
  label: string;
  mono?: boolean;
  toneOf?: (item: string) => ChipTone;
  /** Shown instead of an empty list. */
  none?: string;
}

export function ChipList({ items, label, mono = false, toneOf, none = 'None' }: ChipListProps): React.JSX.Element {
  if (items.length === 0) return <span className="muted">{none}</span>;
  return (
    <ul className="chip-list" aria-label={label}>
      {items.map((item) => (
        <li key={item}>
          <Chip mono={mono} tone={toneOf?.(item)}>
            {item}
          </Chip>
        </li>
      ))}
    </ul>
  );
}
