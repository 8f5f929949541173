import type { PendingSignIn } from '../../../shared/api';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { CopyButton } from '../../components/CopyButton';
import { Loading } from '../../components/Loading';
import { isWebUrl } from '../../lib/sign-in-tab';
import type { GatewaySignInState, SignInPage } from '../../stores/gateway-sign-in-store';

const TITLES: Record<SignInPage, string> = {
  'opened-by-host': 'Continue in your browser',
  'opened-here': 'Continue in the new tab',
  'not-opened': 'Open the sign-in page',
};

const LEADS: Record<SignInPage, string> = {
  'opened-by-host': "Gatehouse opened your organisation's sign-in page in your browser.",
  'opened-here': "Your organisation's sign-in page opened in a new tab.",
  'not-opened': "Open your organisation's sign-in page to go on.",
};

/** The IdP's address, as a link and copyable: for when no browser opened, or the tab was closed. */
function SignInAddress({ url }: { url: string }): React.JSX.Element {
  // Only a web page is linked: the address comes from the host, and a link runs what it points at.
  if (!isWebUrl(url)) return <p className="error-message">The sign-in page&apos;s address is not a web address.</p>;
  return (
    <div className="sign-in-address">
      <a className="sign-in-address__link mono break" href={url} target="_blank" rel="noopener noreferrer">
        {url}
      </a>
      <CopyButton text={url} label="Copy the sign-in address" />
    </div>
  );
}

function BrowserWaiting({
  pending,
  page,
}: {
  pending: Extract<PendingSignIn, { kind: 'browser' }>;
  page: SignInPage;
}): React.JSX.Element {
  return (
    <>
      <p>
        {LEADS[page]} Sign in there; this window goes on by itself once <span className="mono">{pending.gateway}</span>{' '}
        says you are signed in.
      </p>
      <p className="muted small">No browser opened? Open this address yourself:</p>
      <SignInAddress url={pending.url} />
    </>
  );
}

function DeviceWaiting({ pending }: { pending: Extract<PendingSignIn, { kind: 'device' }> }): React.JSX.Element {
  return (
    <>
      <p>
        On any device, open the address below and enter the code <strong className="mono">{pending.userCode}</strong>.
      </p>
      <SignInAddress url={pending.verificationUriComplete ?? pending.verificationUri} />
    </>
  );
}

/** A gateway sign-in under way: where to continue, the IdP's address, and Cancel. */
export function SignInProgress({
  state,
  onCancel,
}: {
  state: Exclude<GatewaySignInState, { step: 'idle' }>;
  onCancel: () => void;
}): React.JSX.Element {
  const cancel = (
    <Button size="small" onClick={onCancel}>
      Cancel
    </Button>
  );
  if (state.step === 'starting') {
    return (
      <div className="stack stack--tight">
        <Loading label={`Asking ${state.gateway} how to sign in…`} />
        <div className="row">{cancel}</div>
      </div>
    );
  }
  const { pending } = state;
  return (
    <Callout
      tone="info"
      role="status"
      title={pending.kind === 'device' ? 'Approve the sign-in on another device' : TITLES[state.page]}
      actions={cancel}
    >
      {pending.kind === 'device' ? (
        <DeviceWaiting pending={pending} />
      ) : (
        <BrowserWaiting pending={pending} page={state.page} />
      )}
    </Callout>
  );
}
