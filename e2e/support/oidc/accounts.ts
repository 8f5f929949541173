// The test OpenID provider's accounts. The org users of the demo org (e2e/cluster/orgfile.go) sign
// in with their email as login name; two more exist to be refused by the gateway:
//   - `unverified-bob` claims bob@example.com (an org user!) with email_verified false: the attack
//     of registering someone else's address at a sloppy IdP. Refusal must come from the verifier,
//     not from "not in the org".
//   - `zed@example.com` is verified but no user of the org.
// `groups` are IdP groups; some equal org role names (alice's "Developers" is not one of her org
// roles, so with `groupsClaim` she gains it), others mean nothing to the org.
// Passwords are deliberately simple and public (the login before any `@`, then `-demo`:
// alice-demo, unverified-bob-demo): `npm run demo` prints them,
// and a person types them into the provider's login page. They guard nothing but the habit of a
// real IdP's form (login AND password; a wrong one is refused without saying which was wrong).
import { createHash, timingSafeEqual } from 'node:crypto';

export interface TestAccount {
  /** What the login form takes. */
  login: string;
  /** What the login form's password field must say (test data, printed by the demo). */
  password: string;
  /** The ID token's `sub`: opaque like a real IdP's, never the email. */
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  groups: string[];
}

export const TEST_ACCOUNTS: readonly TestAccount[] = [
  {
    login: 'alice@example.com',
    password: 'alice-demo',
    sub: 'u-1001',
    email: 'alice@example.com',
    emailVerified: true,
    name: 'Alice Liddell',
    groups: ['Developers', 'idp-everyone'],
  },
  {
    login: 'bob@example.com',
    password: 'bob-demo',
    sub: 'u-1002',
    email: 'bob@example.com',
    emailVerified: true,
    name: 'Bob Builder',
    groups: ['idp-everyone'],
  },
  {
    login: 'carol@example.com',
    password: 'carol-demo',
    sub: 'u-1003',
    email: 'carol@example.com',
    emailVerified: true,
    name: 'Carol Data',
    groups: ['Data.Science', 'idp-everyone'],
  },
  {
    login: 'dave@example.com',
    password: 'dave-demo',
    sub: 'u-1004',
    email: 'dave@example.com',
    emailVerified: true,
    name: 'Dave Root',
    groups: ['idp-everyone'],
  },
  {
    login: 'erin@example.com',
    password: 'erin-demo',
    sub: 'u-1005',
    email: 'erin@example.com',
    emailVerified: true,
    name: 'Erin Platform',
    groups: ['Platform Team', 'idp-everyone'],
  },
  {
    login: 'frank@example.com',
    password: 'frank-demo',
    sub: 'u-1006',
    email: 'frank@example.com',
    emailVerified: true,
    name: 'Frank Contractor',
    groups: ['idp-everyone'],
  },
  {
    login: 'unverified-bob',
    password: 'unverified-bob-demo',
    sub: 'u-6666',
    email: 'bob@example.com',
    emailVerified: false,
    name: 'Not Bob',
    groups: ['Developers'],
  },
  {
    login: 'zed@example.com',
    password: 'zed-demo',
    sub: 'u-2001',
    email: 'zed@example.com',
    emailVerified: true,
    name: 'Zed Outsider',
    groups: ['idp-everyone'],
  },
];

/**
 * `count` more people for load tests (the gateway's 200-person concurrency test):
 * user-000@example.com … (password user-000-demo …) with subs g-000 …, verified, no IdP groups. Deterministic, so the test
 * process and the provider process derive the same list from the number alone (the provider is
 * started with `--generated-accounts N` and says N in provider.json).
 */
export function generatedAccounts(count: number): TestAccount[] {
  const width = Math.max(3, String(Math.max(0, count - 1)).length);
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(width, '0');
    return {
      login: `user-${n}@example.com`,
      password: `user-${n}-demo`,
      sub: `g-${n}`,
      email: `user-${n}@example.com`,
      emailVerified: true,
      name: `Generated User ${n}`,
      groups: [],
    };
  });
}

/** The demo accounts plus `generated` generated ones (what a provider started with that many knows). */
export function accountsWith(generated = 0): readonly TestAccount[] {
  return generated > 0 ? [...TEST_ACCOUNTS, ...generatedAccounts(generated)] : TEST_ACCOUNTS;
}

/**
 * The account when `login` and `password` both match, else undefined — one answer for a wrong
 * login and a wrong password, as a real IdP gives. Compared in constant time out of habit.
 */
export function accountByCredentials(
  login: string,
  password: string,
  accounts: readonly TestAccount[] = TEST_ACCOUNTS,
): TestAccount | undefined {
  const account = accountByLogin(login, accounts);
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  const passwordMatches = timingSafeEqual(digest(account?.password ?? ''), digest(password));
  return account && account.password !== '' && passwordMatches ? account : undefined;
}

export function accountByLogin(
  login: string,
  accounts: readonly TestAccount[] = TEST_ACCOUNTS,
): TestAccount | undefined {
  return accounts.find((a) => a.login === login);
}

export function accountBySub(sub: string, accounts: readonly TestAccount[] = TEST_ACCOUNTS): TestAccount | undefined {
  return accounts.find((a) => a.sub === sub);
}
