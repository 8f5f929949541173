import type { ReactNode } from 'react';

/** The top of every screen: its h1 (the screen's accessible landmark name), a one-line summary, actions. */
export function PageHeader({
  title,
  summary,
  actions,
}: {
  title: string;
  summary?: ReactNode;
  actions?: ReactNode;
}): React.JSX.Element {
  return (
    <header className="page-header">
      <div className="page-header__text">
        {/* tabIndex -1: focus lands here after navigating, so the new screen is announced. */}
        <h1 className="page-header__title" tabIndex={-1}>
          {title}
        </h1>
        {summary !== undefined && <p className="page-header__summary">{summary}</p>}
      </div>
      {actions !== undefined && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}
