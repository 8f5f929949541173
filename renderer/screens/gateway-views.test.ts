// The gateway-mode views as their data makes them (rendered to markup in node): the identity panel
// with where each group comes from and the gateway session (its expiry time, never a token), the
// waiting state of a sign-in, the expired-session banner, the token storage note in settings.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GatewaySession, TokenStorage } from '../../shared/api';
import { SessionExpiredView } from '../layout/SessionExpiredBanner';
import { formatTime } from '../lib/format';
import type { GatewaySignInState } from '../stores/gateway-sign-in-store';
import {
  browserSignIn,
  GATEWAY,
  gatewayIdentity,
  gatewaySession,
  IDP_PAGE,
} from '../stores/gateway-fixtures.test-support';
import { IdentityView } from './identity/IdentityScreen';
import { GatewaySettings } from './settings/GatewaySettings';
import { SignInProgress } from './sign-in/SignInProgress';

const noop = (): void => undefined;

/** The markup as text, tags dropped, whitespace squeezed: what a person reads. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function identityView(gateway: GatewaySession | null): string {
  return renderToStaticMarkup(
    createElement(IdentityView, {
      identity: gatewayIdentity(),
      loading: false,
      loadError: null,
      onRefresh: noop,
      gateway,
      signingOut: false,
      onSignOut: noop,
    }),
  );
}

describe('identity panel in gateway mode', () => {
  it('each group with where it comes from: role, IdP group, always', () => {
    const shown = text(identityView(gatewaySession()));
    expect(shown).toContain('sre from role SRE');
    expect(shown).toContain('developers from role Developers IdP group');
    expect(shown).toContain('system:authenticated always');
    expect(shown).toContain('SRE organisation file');
    expect(shown).toContain('Developers IdP group');
  });

  it('the gateway, the identity provider, the token’s expiry as a time, Sign out and Refresh', () => {
    const html = identityView(gatewaySession({ tokenExpiresAt: '2025-03-04T10:20:30Z', admin: true }));
    const shown = text(html);
    expect(shown).toContain(`Signed in at ${GATEWAY}`);
    expect(shown).toContain('Identity provider https://idp.example.com');
    expect(shown).toContain(`Valid until ${formatTime('2025-03-04T10:20:30Z')}`);
    expect(shown).toContain('Reachable');
    expect(html).toMatch(/<button[^>]*>.*Sign out of the gateway<\/button>/);
    expect(html).toMatch(/<button[^>]*>.*Refresh<\/button>/);
  });

  it('an unreachable gateway says why, naming it', () => {
    const shown = text(
      identityView(gatewaySession({ reachable: false, reachError: `${GATEWAY}: connect ECONNREFUSED 127.0.0.1:8443` })),
    );
    expect(shown).toContain(`Unreachable`);
    expect(shown).toContain(`${GATEWAY}: connect ECONNREFUSED 127.0.0.1:8443`);
  });

  it('local mode has no gateway panel and says the roles come from the org file', () => {
    const shown = text(identityView(null));
    expect(shown).not.toContain('Signed in at');
    expect(shown).toContain('From the organisation file. Each role becomes a Kubernetes group.');
  });
});

describe('a sign-in under way', () => {
  const waiting = (
    page: 'opened-by-host' | 'opened-here' | 'not-opened',
    url = IDP_PAGE,
  ): Exclude<GatewaySignInState, { step: 'idle' }> => ({
    step: 'waiting',
    pending: browserSignIn({ url, opened: page === 'opened-by-host' }),
    page,
  });

  it.each([
    ['opened-by-host', 'Continue in your browser'],
    ['opened-here', 'Continue in the new tab'],
    ['not-opened', 'Open the sign-in page'],
  ] as const)('%s: "%s", the address as a link and copyable, Cancel', (page, title) => {
    const html = renderToStaticMarkup(createElement(SignInProgress, { state: waiting(page), onCancel: noop }));
    expect(text(html)).toContain(title);
    expect(html).toContain(`href="${IDP_PAGE.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).toContain('aria-label="Copy the sign-in address"');
    expect(html).toMatch(/<button[^>]*>Cancel<\/button>/);
  });

  it('an address that is no web page is not linked', () => {
    const html = renderToStaticMarkup(
      createElement(SignInProgress, { state: waiting('not-opened', 'javascript:alert(1)'), onCancel: noop }),
    );
    expect(html).not.toContain('href=');
    expect(text(html)).toContain('is not a web address');
  });

  it('while the host starts it: which gateway is asked, and Cancel', () => {
    const html = renderToStaticMarkup(
      createElement(SignInProgress, { state: { step: 'starting', gateway: GATEWAY }, onCancel: noop }),
    );
    expect(text(html)).toContain(`Asking ${GATEWAY} how to sign in…`);
    expect(html).toMatch(/<button[^>]*>Cancel<\/button>/);
  });
});

describe('the expired-session banner', () => {
  const expiry = { gateway: GATEWAY, reason: 'the refresh token was revoked' };

  it('says which gateway, why, what it means for kubectl, and offers Sign in again', () => {
    const html = renderToStaticMarkup(
      createElement(SessionExpiredView, {
        expiry,
        signIn: { step: 'idle' },
        error: null,
        onSignInAgain: noop,
        onCancel: noop,
      }),
    );
    const shown = text(html);
    expect(html).toContain('role="alert"');
    expect(shown).toContain(`Your session at ${GATEWAY} has ended`);
    expect(shown).toContain('the refresh token was revoked');
    expect(shown).toContain('kubectl is refused (401) until you sign in again');
    expect(html).toMatch(/<button[^>]*>Sign in again<\/button>/);
  });

  it('while signing in again: the progress instead of the button; a failure shows the host’s words', () => {
    const html = renderToStaticMarkup(
      createElement(SessionExpiredView, {
        expiry,
        signIn: { step: 'waiting', pending: browserSignIn({ opened: true }), page: 'opened-by-host' },
        error: { title: 'Sign-in did not finish', error: { code: 'refused', message: 'the person cancelled sign-in' } },
        onSignInAgain: noop,
        onCancel: noop,
      }),
    );
    const shown = text(html);
    expect(html).not.toMatch(/>Sign in again<\/button>/);
    expect(shown).toContain('Continue in your browser');
    expect(shown).toContain('Sign-in did not finish the person cancelled sign-in');
  });
});

describe('settings: where the tokens are kept', () => {
  it.each<[TokenStorage, string, boolean]>([
    ['encrypted', 'kept encrypted with this computer’s keychain', false],
    ['plain-no-keyring', 'stored without encryption, because no keyring was found', true],
    ['owner-only-file', 'in a file in Gatehouse’s app data that only you can read', false],
  ])('%s', (tokenStorage, says, warns) => {
    const shown = text(
      renderToStaticMarkup(
        createElement(GatewaySettings, { gateway: gatewaySession({ tokenStorage }), caFile: '/etc/gatehouse/ca.pem' }),
      ),
    );
    expect(shown).toContain(says);
    expect(shown).toContain(GATEWAY);
    expect(shown).toContain('/etc/gatehouse/ca.pem');
    expect(shown.includes('The refresh token is not encrypted')).toBe(warns);
  });
});
