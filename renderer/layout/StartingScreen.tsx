import type { ApiError } from '../../shared/api';
import { Button } from '../components/Button';
import { ErrorNotice } from '../components/ErrorNotice';
import { GatehouseMark } from '../components/icons';
import { Loading } from '../components/Loading';

/** Before the session is known: a calm splash, or why Gatehouse is not answering. */
export function StartingScreen({ error, onRetry }: { error: ApiError | null; onRetry: () => void }): React.JSX.Element {
  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <div className="sign-in__brand">
          <GatehouseMark />
          <h1 className="sign-in__title">Gatehouse</h1>
        </div>
        {error === null ? (
          <Loading label="Starting…" />
        ) : (
          <ErrorNotice
            title="Gatehouse is not answering"
            error={error}
            actions={<Button onClick={onRetry}>Try again</Button>}
          />
        )}
      </div>
    </main>
  );
}
