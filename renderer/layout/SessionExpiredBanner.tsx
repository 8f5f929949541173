import type { ApiError } from '../../shared/api';
import { Button } from '../components/Button';
import { Callout } from '../components/Callout';
import { ErrorNotice } from '../components/ErrorNotice';
import { SignInProgress } from '../screens/sign-in/SignInProgress';
import { tabForSignIn } from '../screens/sign-in/GatewaySignInForm';
import { type GatewaySignInState, useGatewaySignIn } from '../stores/gateway-sign-in-store';
import { currentExpiry, type SessionExpiry, useSession } from '../stores/session-store';

export interface SessionExpiredViewProps {
  expiry: SessionExpiry;
  signIn: GatewaySignInState;
  error: { title: string; error: ApiError } | null;
  onSignInAgain: () => void;
  onCancel: () => void;
}

/** The banner as its data makes it (pure, so a test can render it without a DOM). */
export function SessionExpiredView({
  expiry,
  signIn,
  error,
  onSignInAgain,
  onCancel,
}: SessionExpiredViewProps): React.JSX.Element {
  return (
    <div className="shell__banner stack stack--tight">
      <Callout
        tone="warning"
        role="alert"
        title={`Your session at ${expiry.gateway} has ended`}
        actions={
          signIn.step === 'idle' ? (
            <Button variant="primary" size="small" onClick={onSignInAgain}>
              Sign in again
            </Button>
          ) : undefined
        }
      >
        <p className="error-message">{expiry.reason}</p>
        <p>Your connections keep their ports, but kubectl is refused (401) until you sign in again.</p>
      </Callout>
      {signIn.step !== 'idle' && <SignInProgress state={signIn} onCancel={onCancel} />}
      {error !== null && <ErrorNotice title={error.title} error={error.error} />}
    </div>
  );
}

/**
 * Gateway mode: the session at the gateway ended (its refresh failed). Stays until the person signs
 * in again; meanwhile the connections keep their ports, but the gateway refuses what they forward.
 */
export function SessionExpiredBanner(): React.JSX.Element | null {
  const session = useSession((store) => store.session);
  const expiryEvent = useSession((store) => store.expiry);
  const signIn = useGatewaySignIn((store) => store.state);
  const error = useGatewaySignIn((store) => store.error);
  const signInAgain = useGatewaySignIn((store) => store.signInAgain);
  const cancel = useGatewaySignIn((store) => store.cancel);
  const expiry = currentExpiry(session, expiryEvent);
  if (expiry === null) return null;
  return (
    <SessionExpiredView
      expiry={expiry}
      signIn={signIn}
      error={error}
      // The tab is opened here, in the click, before anything is awaited (popup blockers).
      onSignInAgain={() => void signInAgain(expiry.gateway, tabForSignIn())}
      onCancel={() => void cancel()}
    />
  );
}
