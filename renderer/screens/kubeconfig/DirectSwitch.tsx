import { useId } from 'react';
import { Switch } from '../../components/Switch';
import { useKubeconfig } from '../../stores/kubeconfig-store';
import { useSession } from '../../stores/session-store';

/**
 * Gateway mode only: contexts straight to the gateway, kubectl getting its token from the
 * `gatehouse credential` exec plugin, for machines where no Gatehouse process keeps running.
 */
export function DirectSwitch({ disabled }: { disabled: boolean }): React.JSX.Element | null {
  const hintId = useId();
  const gatewayMode = useSession((store) => (store.session?.gateway ?? null) !== null);
  const direct = useKubeconfig((store) => store.direct);
  const setDirect = useKubeconfig((store) => store.setDirect);
  if (!gatewayMode) return null;
  return (
    <div className="direct-switch">
      <Switch
        label="Direct to the gateway"
        checked={direct}
        busy={disabled}
        describedBy={hintId}
        onChange={(on) => void setDirect(on)}
      />
      <p id={hintId} className="direct-switch__text">
        <span className="direct-switch__title">Direct to the gateway</span>{' '}
        <span className="muted">
          (kubectl runs <code className="mono">gatehouse credential</code>; no Gatehouse process needed)
        </span>
      </p>
    </div>
  );
}
