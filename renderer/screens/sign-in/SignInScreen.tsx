import { useEffect, useId } from 'react';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { ErrorNotice } from '../../components/ErrorNotice';
import { GatehouseMark } from '../../components/icons';
import { currentValue } from '../../api/loadable';
import { useGatewaySignIn } from '../../stores/gateway-sign-in-store';
import { useSession } from '../../stores/session-store';
import { useSettings } from '../../stores/settings-store';
import { useSignIn } from '../../stores/sign-in-store';
import { GatewaySignInForm } from './GatewaySignInForm';
import { OrgFileForm } from './OrgFileForm';
import { UserPicker } from './UserPicker';

/** Fills the gateway fields from the remembered (or admin-preset) gateway once the settings are read. */
function usePrefilledGateway(): void {
  const settings = useSettings((store) => store.settings);
  const loadSettings = useSettings((store) => store.load);
  const prefill = useGatewaySignIn((store) => store.prefill);
  const saved = currentValue(settings);
  useEffect(() => {
    if (settings.status === 'idle') void loadSettings();
  }, [settings.status, loadSettings]);
  useEffect(() => {
    if (saved !== null) prefill(saved);
  }, [saved, prefill]);
}

/**
 * Before anything else: sign in with the organisation's gateway (SSO, SPEC §10), or, in local mode,
 * choose an organisation file and who you are in it.
 */
export function SignInScreen(): React.JSX.Element {
  const gatewayHeadingId = useId();
  const localHeadingId = useId();
  const session = useSession((store) => store.session);
  const users = useSignIn((store) => store.users);
  const loadedOrgFile = useSignIn((store) => store.loadedOrgFile);
  const selectedUser = useSignIn((store) => store.selectedUser);
  const signingIn = useSignIn((store) => store.signingIn);
  const error = useSignIn((store) => store.error);
  const signIn = useSignIn((store) => store.signIn);
  const prefill = useSignIn((store) => store.prefill);
  const gatewayError = useGatewaySignIn((store) => store.error);
  usePrefilledGateway();

  useEffect(() => {
    prefill(session?.orgFile ?? null, session?.user ?? null);
  }, [prefill, session?.orgFile, session?.user]);

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <div className="sign-in__brand">
          <GatehouseMark />
          <h1 className="sign-in__title">Gatehouse</h1>
        </div>
        <p className="sign-in__lead">
          Kubernetes access as yourself: the cluster&apos;s RBAC decides what you may do, and its audit log names you.
        </p>
        {session?.error != null && error === null && gatewayError === null && (
          <Callout tone="warning" title="Your last sign-in could not be restored">
            <p className="error-message">{session.error}</p>
          </Callout>
        )}
        <section className="sign-in__step" aria-labelledby={gatewayHeadingId}>
          <h2 id={gatewayHeadingId} className="sign-in__heading">
            Sign in with your organisation
          </h2>
          <GatewaySignInForm />
          {gatewayError !== null && <ErrorNotice title={gatewayError.title} error={gatewayError.error} />}
        </section>
        <div className="divider-text">
          <span>or</span>
        </div>
        <section className="sign-in__step" aria-labelledby={localHeadingId}>
          <h2 id={localHeadingId} className="sign-in__heading">
            Use an organisation file
          </h2>
          <p className="muted small">
            Local mode: this computer holds the organisation file and the clusters&apos; credential (one admin on one
            machine).
          </p>
          <section className="sign-in__step" aria-label="Organisation">
            <OrgFileForm />
          </section>
          {error !== null && <ErrorNotice title={error.title} error={error.error} />}
          {users !== null && (
            <section className="sign-in__step" aria-label="User">
              <form
                className="stack"
                onSubmit={(event) => {
                  event.preventDefault();
                  void signIn();
                }}
              >
                <UserPicker orgFile={loadedOrgFile} />
                <Button type="submit" variant="primary" busy={signingIn} disabled={selectedUser === null}>
                  Sign in
                </Button>
              </form>
            </section>
          )}
        </section>
      </div>
    </main>
  );
}
