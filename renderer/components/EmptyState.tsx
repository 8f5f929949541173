import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }): React.JSX.Element {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children !== undefined && <div className="empty-state__text">{children}</div>}
    </div>
  );
}
