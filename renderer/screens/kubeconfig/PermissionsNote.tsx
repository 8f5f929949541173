import type { KubeconfigUpdate } from '../../../shared/api';
import { Callout } from '../../components/Callout';

/**
 * Says that the file was (or will be) made readable by its owner only: a kubeconfig that other
 * local users can read hands them Gatehouse's tokens, and so the person's cluster access.
 */
export function PermissionsNote({ update, past }: { update: KubeconfigUpdate; past: boolean }): React.JSX.Element | null {
  const { tightened } = update;
  if (tightened === null) return null;
  return (
    <Callout tone="info" title={past ? 'The file is now private' : 'The file will be made private'}>
      <p>
        Its permissions {past ? 'were changed' : 'change'} from <code className="mono">{tightened.from}</code> to{' '}
        <code className="mono">{tightened.to}</code> (readable by you only), and so are the backup&apos;s: it holds
        Gatehouse tokens.
      </p>
    </Callout>
  );
}
