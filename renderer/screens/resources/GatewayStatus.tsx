import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { RefreshIcon } from '../../components/icons';
import { formatTime } from '../../lib/format';
import { gatewayLook } from '../../lib/gateway-status';
import { useSession } from '../../stores/session-store';
import { GatewayHealthPill } from '../identity/GatewayPanel';

/**
 * Gateway mode: every resource goes through the gateway, so whether it answers is said once above
 * the list, with Refresh (reads /v1/me again now: the resources and roles too).
 */
export function GatewayStatus(): React.JSX.Element | null {
  const gateway = useSession((store) => store.session?.gateway ?? null);
  const loading = useSession((store) => store.loading);
  const refresh = useSession((store) => store.refresh);
  if (gateway === null) return null;
  const look = gatewayLook(gateway);
  const refreshButton = (
    <Button size="small" icon={<RefreshIcon />} busy={loading} onClick={() => void refresh()}>
      Refresh
    </Button>
  );
  if (look.health === 'unreachable') {
    return (
      <Callout tone="danger" title={`The gateway ${gateway.url} does not answer`} actions={refreshButton}>
        <p className="error-message">{look.detail}</p>
        <p>kubectl gets 503 until it answers again; connections recover by themselves.</p>
      </Callout>
    );
  }
  return (
    <div className="gateway-strip" role="group" aria-label="Gateway">
      <span className="muted">Through</span> <span className="mono break">{gateway.url}</span>
      <GatewayHealthPill gateway={gateway} />
      {gateway.checkedAt !== null && <span className="muted small">checked at {formatTime(gateway.checkedAt)}</span>}
      <span className="spacer" />
      {refreshButton}
    </div>
  );
}
