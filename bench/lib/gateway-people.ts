// The people of the gateway load phase: the test provider's generated accounts
// (user-000@example.com …, e2e/support/oidc/accounts.ts), made users of a copy of the cluster's
// demo org with the role "SRE On-Call" (staging; its group may read pods and watch configmaps in
// team-a), each signed in at the real test provider for a real ID token of their own — as the
// gateway's 200-person integration test does.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, type YAMLSeq } from 'yaml';
import { demoOrgCopy } from '../../e2e/support/gatehouse-cli';
import { generatedAccounts } from '../../e2e/support/oidc/accounts';
import type { OidcProviderInfo } from '../../e2e/support/oidc/info';
import { signIn } from '../../e2e/support/oidc/tokens';

export const PEOPLE_ROLE = 'SRE On-Call';

export interface Person {
  email: string;
  idToken: string;
}

/** The demo org plus `count` generated people with PEOPLE_ROLE, written into `dir`; returns the file. */
export function orgWithPeople(clusterDir: string, dir: string, count: number): string {
  const doc = parseDocument(readFileSync(demoOrgCopy(clusterDir, dir), 'utf8'));
  const users = doc.get('users') as YAMLSeq;
  for (const person of generatedAccounts(count)) {
    users.add(doc.createNode({ email: person.email, name: person.name, roles: [PEOPLE_ROLE] }));
  }
  const file = join(dir, 'org-with-people.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

/** Signs the first `count` generated people in (code flow + PKCE, `parallel` at a time: each is ~10 round trips). */
export async function signInPeople(idp: OidcProviderInfo, count: number, parallel = 16): Promise<Person[]> {
  const accounts = generatedAccounts(count);
  const people: Person[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < accounts.length) {
        const i = next++;
        const account = accounts[i]!;
        const tokens = await signIn(idp, account.login, { scopes: ['openid', 'email', 'profile', 'groups'] });
        people[i] = { email: account.email, idToken: tokens.idToken };
      }
    }),
  );
  if (new Set(people.map((p) => p.idToken)).size !== count)
    throw new Error('the test provider gave two people the same ID token');
  return people;
}
