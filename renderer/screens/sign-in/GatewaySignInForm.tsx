import { useId } from 'react';
import { Button } from '../../components/Button';
import { openBlankTab, type SignInTab } from '../../lib/sign-in-tab';
import { useAppInfo } from '../../stores/app-info-store';
import { useGatewaySignIn } from '../../stores/gateway-sign-in-store';
import { SignInProgress } from './SignInProgress';

/**
 * The empty tab the IdP's page will load in, opened while the click is handled (popup blockers).
 * Electron's host opens the system browser itself, so its window opens nothing.
 */
export function tabForSignIn(): SignInTab | null {
  return useAppInfo.getState().info?.mode === 'electron' ? null : openBlankTab();
}

/** "Sign in with your organisation": the gateway's URL (remembered or preset), an optional CA file. */
export function GatewaySignInForm(): React.JSX.Element {
  const urlId = useId();
  const urlHintId = useId();
  const caId = useId();
  const caHintId = useId();
  const gatewayUrl = useGatewaySignIn((store) => store.gatewayUrl);
  const caFile = useGatewaySignIn((store) => store.caFile);
  const state = useGatewaySignIn((store) => store.state);
  const setGatewayUrl = useGatewaySignIn((store) => store.setGatewayUrl);
  const setCaFile = useGatewaySignIn((store) => store.setCaFile);
  const signIn = useGatewaySignIn((store) => store.signIn);
  const cancel = useGatewaySignIn((store) => store.cancel);
  const busy = state.step !== 'idle';

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        void signIn(tabForSignIn());
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={urlId}>
          Gateway URL
        </label>
        <input
          id={urlId}
          className="input input--mono"
          type="url"
          value={gatewayUrl}
          onChange={(event) => setGatewayUrl(event.target.value)}
          placeholder="https://gatehouse.example.com"
          spellCheck={false}
          autoComplete="url"
          disabled={busy}
          aria-describedby={urlHintId}
        />
        <p id={urlHintId} className="field__hint">
          Your organisation&apos;s Gatehouse gateway. You sign in with your company account; the gateway says which
          resources are yours.
        </p>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={caId}>
          CA file (optional)
        </label>
        <input
          id={caId}
          className="input input--mono"
          value={caFile}
          onChange={(event) => setCaFile(event.target.value)}
          placeholder="Only when your administrator gave you one"
          spellCheck={false}
          autoComplete="off"
          disabled={busy}
          aria-describedby={caHintId}
        />
        <p id={caHintId} className="field__hint">
          A PEM file with the certificate authority of a gateway that uses a private one.
        </p>
      </div>
      {state.step === 'idle' ? (
        <Button type="submit" variant="primary">
          Sign in with your organisation
        </Button>
      ) : (
        <SignInProgress state={state} onCancel={() => void cancel()} />
      )}
    </form>
  );
}
