// The session store is the one source of who is signed in and as whom the clusters see them: the
// identity screen, the side bar and the resource detail read it there, so a 'session' event or a
// refresh changes all of them at once (there is no second, older whoami answer to show beside it).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity, SessionInfo } from '../../shared/api';
import { routeEvent } from '../api/event-router';
import { IdentityView } from '../screens/identity/IdentityScreen';
import { FakeGatehouse, fakeWindow, resettable, resetStores } from './fake-gatehouse.test-support';
import { GATEWAY, SIGNED_OUT, signedInAtGateway } from './gateway-fixtures.test-support';
import { useNotices } from './notices-store';
import { currentExpiry, selectIdentity, useSession } from './session-store';
import { useSignIn } from './sign-in-store';

let api: FakeGatehouse;
beforeEach(() => {
  api = new FakeGatehouse();
  vi.stubGlobal('window', fakeWindow(api));
  resetStores(resettable(useSession), resettable(useSignIn), resettable(useNotices));
});
afterEach(() => vi.unstubAllGlobals());

const identity = (email: string, roles: string[]): Identity => ({
  email,
  name: null,
  roles,
  groups: [...roles.map((r) => `gatehouse:${r}`), 'system:authenticated'],
  warnings: [],
  resources: ['dev'],
});
const signedIn = (email: string, roles: string[]): SessionInfo => ({
  orgFile: '/org.yaml',
  user: email,
  identity: identity(email, roles),
  error: null,
  gateway: null,
});
const signedOut: SessionInfo = { orgFile: '/org.yaml', user: null, identity: null, error: null, gateway: null };

describe('session store', () => {
  it('starts, then follows session.get: signed in with an identity, signed out without', async () => {
    expect(useSession.getState().phase).toBe('starting');
    void useSession.getState().load();
    expect(useSession.getState().loading).toBe(true);
    await api.answer('session.get', signedIn('ada@x', ['dev']));
    expect(useSession.getState()).toMatchObject({ phase: 'signed-in', loading: false, loadError: null });
    useSession.getState().apply({ ...signedOut, user: 'ada@x' }); // a user the org file no longer lists
    expect(useSession.getState().phase).toBe('signed-out');
  });

  it('a failed session.get keeps what was known and says why; the next session clears the error', async () => {
    void useSession.getState().load();
    await api.fail('session.get', 'unavailable', 'the Gatehouse agent closed the connection');
    expect(useSession.getState()).toMatchObject({
      phase: 'starting',
      loadError: { code: 'unavailable', message: 'the Gatehouse agent closed the connection' },
    });
    routeEvent({ type: 'session', session: signedIn('ada@x', ['dev']) });
    expect(useSession.getState()).toMatchObject({ phase: 'signed-in', loadError: null });
  });

  it('sign-out applies the answer; a failed one leaves the session and shows a notice', async () => {
    useSession.getState().apply(signedIn('ada@x', ['dev']));
    void useSession.getState().signOut();
    expect(useSession.getState().signingOut).toBe(true);
    await api.fail('session.signOut', 'internal', 'disk full');
    expect(useSession.getState()).toMatchObject({ phase: 'signed-in', signingOut: false });
    expect(useNotices.getState().notices).toMatchObject([
      { tone: 'danger', title: 'Could not sign out', detail: 'disk full' },
    ]);
    void useSession.getState().signOut();
    await api.answer('session.signOut', signedOut);
    expect(useSession.getState().phase).toBe('signed-out');
  });
});

describe('gateway mode', () => {
  it('signed in at a gateway (no org file) is signed in; signing out of it is signed out', async () => {
    useSession.getState().apply(signedInAtGateway());
    expect(useSession.getState().phase).toBe('signed-in');
    void useSession.getState().signOut();
    expect(api.made()).toEqual([{ channel: 'session.signOut', request: undefined }]);
    await api.answer('session.signOut', SIGNED_OUT);
    expect(useSession.getState()).toMatchObject({ phase: 'signed-out', session: { gateway: null } });
  });

  it('Refresh asks the gateway (/v1/me) in gateway mode, the session in local mode', async () => {
    useSession.getState().apply(signedInAtGateway());
    void useSession.getState().refresh();
    expect(useSession.getState().loading).toBe(true);
    expect(api.made()).toEqual([{ channel: 'gateway.refresh', request: undefined }]);
    await api.answer(
      'gateway.refresh',
      signedInAtGateway({ reachable: false, reachError: `${GATEWAY}: connect ECONNREFUSED` }),
    );
    expect(useSession.getState()).toMatchObject({ loading: false, session: { gateway: { reachable: false } } });

    void useSession.getState().refresh();
    await api.fail('gateway.refresh', 'unavailable', `${GATEWAY} did not answer`);
    expect(useSession.getState()).toMatchObject({
      loading: false,
      loadError: { message: `${GATEWAY} did not answer` },
      phase: 'signed-in',
    });

    useSession.getState().apply(signedIn('ada@x', ['dev']));
    void useSession.getState().refresh();
    expect(api.made().at(-1)).toEqual({ channel: 'session.get', request: undefined });
  });

  it.each<[string, () => void, string | null]>([
    [
      'an expiry event shows until a signed-in session arrives',
      () => routeEvent({ type: 'session-expired', gateway: GATEWAY, reason: 'the refresh token was revoked' }),
      'the refresh token was revoked',
    ],
    [
      'the session’s own expired state shows with its error as the reason',
      () => useSession.getState().apply({ ...signedInAtGateway({ state: 'expired' }), error: 'the IdP session ended' }),
      'the IdP session ended',
    ],
    [
      'an expiry event about another gateway is not this session’s',
      () => routeEvent({ type: 'session-expired', gateway: 'https://old.example.com', reason: 'x' }),
      null,
    ],
  ])('%s', (_name, happen, reason) => {
    useSession.getState().apply(signedInAtGateway());
    expect(currentExpiry(useSession.getState().session, useSession.getState().expiry)).toBeNull();
    happen();
    const { session, expiry } = useSession.getState();
    expect(currentExpiry(session, expiry)?.reason ?? null).toBe(reason);
  });

  it('the banner’s expiry lasts through an expired session and ends with a signed-in one (or a sign-out)', () => {
    useSession.getState().apply(signedInAtGateway());
    routeEvent({ type: 'session-expired', gateway: GATEWAY, reason: 'the refresh token was revoked' });
    useSession.getState().apply(signedInAtGateway({ state: 'expired' }));
    expect(currentExpiry(useSession.getState().session, useSession.getState().expiry)).toEqual({
      gateway: GATEWAY,
      reason: 'the refresh token was revoked',
    });
    expect(useSession.getState().phase).toBe('signed-in'); // the identity stays: ports and screens too

    useSession.getState().apply(signedInAtGateway());
    expect(useSession.getState().expiry).toBeNull();
    routeEvent({ type: 'session-expired', gateway: GATEWAY, reason: 'again' });
    useSession.getState().apply(SIGNED_OUT);
    expect(useSession.getState()).toMatchObject({ expiry: null, phase: 'signed-out' });
  });
});

describe('identity has one source', () => {
  /** The identity screen as the session store makes it now (IdentityScreen = selectIdentity + IdentityView). */
  function identityScreen(): string {
    const store = useSession.getState();
    return renderToStaticMarkup(
      createElement(IdentityView, {
        identity: selectIdentity(store),
        loading: store.loading,
        loadError: store.loadError,
        onRefresh: () => undefined,
      }),
    );
  }

  it('the identity screen shows the session as it is now: a session event replaces what it shows', () => {
    useSession.getState().apply(signedIn('ada@x', ['dev']));
    const before = identityScreen();
    expect(before).toContain('Impersonate-User: ada@x');
    expect(before).toContain('gatehouse:dev');

    routeEvent({ type: 'session', session: signedIn('ada@x', ['ops']) }); // the org file gave Ada another role
    const after = identityScreen();
    expect(after).toContain('gatehouse:ops');
    expect(after).not.toContain('gatehouse:dev');
  });

  it('Refresh reads the session again (session.get), not a separate whoami; a failure shows beside the last identity', async () => {
    useSession.getState().apply(signedIn('ada@x', ['dev']));
    void useSession.getState().load();
    expect(api.made()).toEqual([{ channel: 'session.get', request: undefined }]);
    expect(identityScreen()).toContain('aria-busy="true"');
    await api.answer('session.get', signedIn('ada@x', ['ops']));
    expect(identityScreen()).toContain('gatehouse:ops');
    void useSession.getState().load();
    await api.fail('session.get', 'unavailable', 'the Gatehouse agent closed the connection');
    const failed = identityScreen();
    expect(failed).toContain('Your identity could not be read');
    expect(failed).toContain('gatehouse:ops');
  });
});

describe('sign-in store', () => {
  it('without an org file it asks for one, without calling the API', async () => {
    await useSignIn.getState().loadUsers();
    expect(api.made()).toEqual([]);
    expect(useSignIn.getState().error).toMatchObject({ title: 'No organisation file', error: { code: 'usage' } });
  });

  it('loads the users, keeps a still-listed choice, signs in and hands the session to the session store', async () => {
    useSignIn.setState({ orgFile: ' /org.yaml ', selectedUser: 'b@x' });
    void useSignIn.getState().loadUsers();
    expect(api.made()).toEqual([{ channel: 'org.users', request: { orgFile: '/org.yaml' } }]);
    await api.answer('org.users', {
      users: [
        { email: 'a@x', name: null, roles: [] },
        { email: 'b@x', name: 'B', roles: ['dev'] },
      ],
    });
    expect(useSignIn.getState()).toMatchObject({
      loadedOrgFile: '/org.yaml',
      selectedUser: 'b@x',
      loadingUsers: false,
    });

    void useSignIn.getState().signIn();
    expect(api.made().at(-1)).toEqual({ channel: 'session.signIn', request: { orgFile: '/org.yaml', user: 'b@x' } });
    await api.answer('session.signIn', signedIn('b@x', ['dev']));
    expect(useSession.getState().phase).toBe('signed-in');
    expect(useSignIn.getState()).toMatchObject({ signingIn: false, error: null });
  });

  it('a bad org file shows the backend error whole, under the step that failed', async () => {
    void useSignIn.getState().loadUsers('/bad.yaml');
    await api.fail('org.users', 'config', '/bad.yaml: users[0].email: expected a string');
    expect(useSignIn.getState().error).toEqual({
      title: 'This organisation file cannot be used',
      error: { code: 'config', message: '/bad.yaml: users[0].email: expected a string' },
    });
  });

  it('an installation without a demo org says so', async () => {
    void useSignIn.getState().chooseDemo();
    await api.answer('org.demo', { orgFile: null });
    expect(useSignIn.getState().error).toMatchObject({
      title: 'The demo organisation is not available',
      error: { code: 'not-found' },
    });
  });
});
