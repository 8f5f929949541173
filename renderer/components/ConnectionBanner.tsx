/** Browser mode only: says when the page has lost Gatehouse and when it tries again. */
import { useEffect, useState } from 'react';
import { useBridgeStatus } from '../bridge/bridge-status';
import { Button } from './Button';

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

export function ConnectionBanner(): React.JSX.Element | null {
  const state = useBridgeStatus((store) => store.state);
  const retryNow = useBridgeStatus((store) => store.retryNow);
  const now = useNow(state.kind === 'waiting');
  if (state.kind === 'refused') {
    return (
      <div className="connection-banner" role="alert">
        <p>
          <strong>Gatehouse did not open this tab.</strong> {state.message}
        </p>
      </div>
    );
  }
  if (state.kind !== 'waiting') return null;

  const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
  let headline: string;
  if (state.everConnected) headline = 'Lost the connection to Gatehouse.';
  else headline = 'Cannot reach Gatehouse.';
  const hint = state.everConnected
    ? 'Changes you make now are sent once it is back.'
    : 'Check that "gatehouse ui --browser" is still running.';

  return (
    <div className="connection-banner" role="alert">
      <span className="spinner spinner--inline" aria-hidden="true" />
      <p>
        <strong>{headline}</strong> {hint} {seconds > 0 ? `Trying again in ${seconds} s.` : 'Trying again…'}
      </p>
      <Button size="small" onClick={retryNow}>
        Retry now
      </Button>
    </div>
  );
}
