import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { ErrorNotice } from '../../components/ErrorNotice';
import { GatehouseMark } from '../../components/icons';
import { useSession } from '../../stores/session-store';
import { useSignIn } from '../../stores/sign-in-store';
import { OrgFileForm } from './OrgFileForm';
import { UserPicker } from './UserPicker';

/** Before anything else: which organisation, and who you are in it. */
export function SignInScreen(): React.JSX.Element {
  const session = useSession((store) => store.session);
  const users = useSignIn((store) => store.users);
  const loadedOrgFile = useSignIn((store) => store.loadedOrgFile);
  const selectedUser = useSignIn((store) => store.selectedUser);
  const signingIn = useSignIn((store) => store.signingIn);
  const error = useSignIn((store) => store.error);
  const signIn = useSignIn((store) => store.signIn);
  const prefill = useSignIn((store) => store.prefill);

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
        {session?.error != null && error === null && (
          <Callout tone="warning" title="Your last sign-in could not be restored">
            <p className="error-message">{session.error}</p>
          </Callout>
        )}
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
      </div>
    </main>
  );
}
