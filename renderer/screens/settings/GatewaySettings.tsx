import type { GatewaySession, TokenStorage } from '../../../shared/api';
import { Callout } from '../../components/Callout';

/** Where the refresh token is kept at rest (SPEC §10), in the person's words. */
export const TOKEN_STORAGE_TEXT: Record<TokenStorage, string> = {
  encrypted: 'Your refresh token is kept encrypted with this computer’s keychain.',
  'plain-no-keyring': 'Your refresh token is stored without encryption, because no keyring was found on this computer.',
  'owner-only-file': 'Your refresh token is kept in a file in Gatehouse’s app data that only you can read.',
};

/**
 * Gateway mode: the gateway signed in to, its CA file, and where the tokens are kept: a warning when
 * no keyring encrypts them. Changing the gateway is signing in again (the sign-in screen).
 */
export function GatewaySettings({
  gateway,
  caFile,
}: {
  gateway: GatewaySession;
  caFile: string | null;
}): React.JSX.Element {
  return (
    <section className="panel stack" aria-labelledby="settings-gateway">
      <h2 id="settings-gateway" className="panel__title">
        Gateway
      </h2>
      <dl className="facts">
        <dt>Gateway</dt>
        <dd className="mono break">{gateway.url}</dd>
        <dt>CA file</dt>
        <dd className="mono break">{caFile ?? <span className="muted">None: the system&apos;s CAs</span>}</dd>
        <dt>Tokens</dt>
        <dd>{TOKEN_STORAGE_TEXT[gateway.tokenStorage]}</dd>
      </dl>
      {gateway.tokenStorage === 'plain-no-keyring' && (
        <Callout tone="warning" title="The refresh token is not encrypted">
          No keyring (such as GNOME Keyring or KWallet) was found, so anyone who can read your files could use your
          sign-in until it expires. Install or unlock a keyring, then sign out and sign in again to keep it encrypted.
        </Callout>
      )}
      <p className="field__hint">
        Gatehouse never shows the ID token; signing out forgets both tokens. To use another gateway, sign out and sign
        in there.
      </p>
    </section>
  );
}
