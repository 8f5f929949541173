import { useMemo } from 'react';
import { parseUnifiedDiff } from '../lib/unified-diff';

/** A unified diff with added/removed lines coloured; the +/- signs stay, so it reads without colour too. */
export function DiffView({ diff, label }: { diff: string; label: string }): React.JSX.Element {
  const lines = useMemo(() => parseUnifiedDiff(diff), [diff]);
  return (
    <pre className="diff" tabIndex={0} aria-label={label}>
      {lines.map((line, index) => (
        <span key={index} className={`diff__line diff__line--${line.kind}`}>
          {line.text === '' ? ' ' : line.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
