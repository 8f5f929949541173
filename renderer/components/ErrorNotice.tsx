import type { ReactNode } from 'react';
import type { ApiError } from '../../shared/api';
import { Callout } from './Callout';

/**
 * An API error in full: the backend's message names the file, the path inside it and what is wrong,
 * so it is shown whole (wrapped, selectable), never truncated.
 */
export function ErrorNotice({
  title,
  error,
  actions,
}: {
  title: string;
  error: ApiError;
  actions?: ReactNode;
}): React.JSX.Element {
  return (
    <Callout tone="danger" title={title} role="alert" actions={actions}>
      <p className="error-message">{error.message}</p>
    </Callout>
  );
}
