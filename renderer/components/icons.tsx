// Small stroke icons drawn inline (no icon font or image requests under the strict CSP). Always
// decorative: the text next to them carries the meaning.
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }): React.JSX.Element {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const CheckIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M3 8.5l3 3 7-7" />
  </Icon>
);
export const CrossIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Icon>
);
export const WarningIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M8 2l6.5 11.5h-13z" />
    <path d="M8 6.5v3.2M8 11.6v.2" />
  </Icon>
);
export const InfoIcon = (): React.JSX.Element => (
  <Icon>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 7.2v4M8 4.8v.2" />
  </Icon>
);
export const CopyIcon = (): React.JSX.Element => (
  <Icon>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5h-5A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />
  </Icon>
);
export const SearchIcon = (): React.JSX.Element => (
  <Icon>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5l3.5 3.5" />
  </Icon>
);
export const PlayIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M5 3.5v9l7.5-4.5z" />
  </Icon>
);
export const PauseIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M5.5 3.5v9M10.5 3.5v9" />
  </Icon>
);
export const RestartIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M3 8a5 5 0 1 0 1.5-3.6" />
    <path d="M3 2.5v2.5h2.5" />
  </Icon>
);
export const RefreshIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M13 8a5 5 0 0 1-9 3M3 8a5 5 0 0 1 9-3" />
    <path d="M12.5 2.5V5H10M3.5 13.5V11H6" />
  </Icon>
);
export const CloseIcon = CrossIcon;
export const ServerIcon = (): React.JSX.Element => (
  <Icon>
    <rect x="2.5" y="2.5" width="11" height="4.5" rx="1" />
    <rect x="2.5" y="9" width="11" height="4.5" rx="1" />
    <path d="M5 4.75h.2M5 11.25h.2" />
  </Icon>
);
export const ActivityIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M1.5 8.5h3l2-5 3 9 2-4h3" />
  </Icon>
);
export const PersonIcon = (): React.JSX.Element => (
  <Icon>
    <circle cx="8" cy="5.5" r="2.75" />
    <path d="M2.75 14a5.25 5.25 0 0 1 10.5 0" />
  </Icon>
);
export const ShieldIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M8 1.75l5.25 2v4c0 3.2-2.2 5.5-5.25 6.5-3.05-1-5.25-3.3-5.25-6.5v-4z" />
  </Icon>
);
export const GearIcon = (): React.JSX.Element => (
  <Icon>
    <circle cx="8" cy="8" r="2.25" />
    <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
  </Icon>
);
export const FileIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M4 1.5h5l3.5 3.5v9.5H4z" />
    <path d="M9 1.5V5h3.5" />
  </Icon>
);
export const SignOutIcon = (): React.JSX.Element => (
  <Icon>
    <path d="M6.5 2.5h-3v11h3M10 5l3 3-3 3M13 8H6" />
  </Icon>
);

/** The product mark: a gate (two posts, an arch) in the accent colour. */
export function GatehouseMark(): React.JSX.Element {
  return (
    <svg className="mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="22" height="22" rx="6" className="mark__tile" />
      <path d="M7 18V11a5 5 0 0 1 10 0v7M7 18h10M12 13v5" className="mark__gate" />
    </svg>
  );
}
