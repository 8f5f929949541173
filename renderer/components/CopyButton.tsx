import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';
import { Button } from './Button';
import { CheckIcon, CopyIcon } from './icons';

type CopyState = 'idle' | 'copied' | 'failed';

const CONFIRMATION_MS = 2000;

/**
 * Copies `text`; says "Copied" for a moment (announced by the live region). `label` is the accessible
 * name, e.g. "Copy command", and stays the same so tests and screen readers can find the button.
 */
export function CopyButton({
  text,
  label,
  visibleLabel = 'Copy',
}: {
  text: string;
  label: string;
  visibleLabel?: string;
}): React.JSX.Element {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), CONFIRMATION_MS);
    return () => window.clearTimeout(timer);
  }, [state]);

  const feedback =
    state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and press Ctrl+C' : '';
  return (
    <span className="copy-button">
      <Button
        size="small"
        variant="ghost"
        aria-label={label}
        icon={state === 'copied' ? <CheckIcon /> : <CopyIcon />}
        onClick={() => {
          void copyText(text).then((copied) => setState(copied ? 'copied' : 'failed'));
        }}
      >
        {state === 'copied' ? 'Copied' : visibleLabel}
      </Button>
      <span className="visually-hidden" role="status">
        {feedback}
      </span>
    </span>
  );
}
