import type { ReactNode } from 'react';
import { CheckIcon, CrossIcon, InfoIcon, WarningIcon } from './icons';
import type { Tone } from './StatusPill';

interface CalloutProps {
  tone: Exclude<Tone, 'neutral'>;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  /** "alert" interrupts a screen reader (for errors that just happened); default is a quiet note. */
  role?: 'alert' | 'status';
}

const ICONS = { info: <InfoIcon />, success: <CheckIcon />, warning: <WarningIcon />, danger: <CrossIcon /> };

export function Callout({ tone, title, children, actions, role }: CalloutProps): React.JSX.Element {
  return (
    <div className={`callout callout--${tone}`} role={role}>
      <span className="callout__icon">{ICONS[tone]}</span>
      <div className="callout__body">
        <p className="callout__title">{title}</p>
        {children !== undefined && <div className="callout__text">{children}</div>}
        {actions !== undefined && <div className="callout__actions">{actions}</div>}
      </div>
    </div>
  );
}
