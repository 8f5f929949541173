import type { GatewaySession } from '../../../shared/api';
import { Button } from '../../components/Button';
import { SignOutIcon } from '../../components/icons';
import { StatusPill } from '../../components/StatusPill';
import { formatTime } from '../../lib/format';
import { gatewayLook, tokenExpiryText } from '../../lib/gateway-status';

/** The gateway pill: reachable, unreachable (and why), or expired. */
export function GatewayHealthPill({ gateway }: { gateway: GatewaySession }): React.JSX.Element {
  const look = gatewayLook(gateway);
  return <StatusPill tone={look.tone}>{look.label}</StatusPill>;
}

/**
 * Gateway mode: where the person is signed in, whether the gateway answers, and until when the ID
 * token is good (its expiry only: the token itself never reaches this window).
 */
export function GatewayPanel({
  gateway,
  signingOut,
  onSignOut,
}: {
  gateway: GatewaySession;
  signingOut: boolean;
  onSignOut: () => void;
}): React.JSX.Element {
  const look = gatewayLook(gateway);
  const expiry = tokenExpiryText(gateway);
  return (
    <section className="panel panel--wide" aria-labelledby="identity-gateway">
      <div className="row">
        <h2 id="identity-gateway" className="panel__title">
          Gateway
        </h2>
        <span className="spacer" />
        <Button size="small" icon={<SignOutIcon />} busy={signingOut} onClick={onSignOut}>
          Sign out of the gateway
        </Button>
      </div>
      <dl className="facts">
        <dt>Signed in at</dt>
        <dd className="mono break">{gateway.url}</dd>
        <dt>Identity provider</dt>
        <dd className="mono break">{gateway.issuer}</dd>
        <dt>Status</dt>
        <dd>
          <GatewayHealthPill gateway={gateway} />
          {gateway.checkedAt !== null && (
            <span className="muted small"> checked at {formatTime(gateway.checkedAt)}</span>
          )}
          {look.detail !== null && <p className="error-message">{look.detail}</p>}
        </dd>
        <dt>ID token</dt>
        <dd>{expiry ?? <span className="muted">Expiry not known</span>}</dd>
        <dt>Admin</dt>
        <dd>{gateway.admin ? 'Yes: the admin views work against the gateway' : 'No'}</dd>
      </dl>
    </section>
  );
}
