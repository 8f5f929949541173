import { useId } from 'react';
import { Button } from '../../components/Button';
import { useSignIn } from '../../stores/sign-in-store';

/** Step 1: which organisation file (or the bundled demo). */
export function OrgFileForm(): React.JSX.Element {
  const inputId = useId();
  const hintId = useId();
  const orgFile = useSignIn((store) => store.orgFile);
  const loading = useSignIn((store) => store.loadingUsers);
  const setOrgFile = useSignIn((store) => store.setOrgFile);
  const loadUsers = useSignIn((store) => store.loadUsers);
  const chooseDemo = useSignIn((store) => store.chooseDemo);

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void loadUsers();
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          Organisation file
        </label>
        <div className="field-row">
          <input
            id={inputId}
            className="input input--mono"
            value={orgFile}
            onChange={(event) => setOrgFile(event.target.value)}
            placeholder="~/.config/gatehouse/org.yaml"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={hintId}
          />
          <Button type="submit" busy={loading}>
            Load users
          </Button>
        </div>
        <p id={hintId} className="field__hint">
          The YAML file listing your organisation&apos;s users, roles and Kubernetes resources.
        </p>
      </div>
      <div className="divider-text">
        <span>or</span>
      </div>
      <Button onClick={() => void chooseDemo()} busy={loading}>
        Use the demo organisation
      </Button>
    </form>
  );
}
