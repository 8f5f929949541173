import type { ReactNode } from 'react';
import { CheckIcon, CrossIcon, InfoIcon, WarningIcon } from './icons';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const TONE_ICONS: Record<Tone, ReactNode> = {
  neutral: null,
  info: <InfoIcon />,
  success: <CheckIcon />,
  warning: <WarningIcon />,
  danger: <CrossIcon />,
};

/** A short status word with colour and an icon (meaning never rests on colour alone). */
export function StatusPill({
  tone,
  children,
  busy = false,
}: {
  tone: Tone;
  children: ReactNode;
  busy?: boolean;
}): React.JSX.Element {
  return (
    <span className={`pill pill--${tone}`}>
      {busy ? <span className="spinner spinner--inline" aria-hidden="true" /> : TONE_ICONS[tone]}
      {children}
    </span>
  );
}
