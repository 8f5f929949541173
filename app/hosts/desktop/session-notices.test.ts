// The notification for an ended gateway session: which gateway, why, and what a click does.
import { describe, expect, it } from 'vitest';
import { sessionExpiredNotice } from './session-notices';

describe('session-expired notification', () => {
  const table: [string, string, { title: string; body: string }][] = [
    [
      'https://gateway.corp.example',
      'the identity provider refused to renew the session (invalid_grant)',
      {
        title: 'Signed out of gateway.corp.example',
        body: 'the identity provider refused to renew the session (invalid_grant). Click to open Gatehouse and sign in again.',
      },
    ],
    [
      'https://gateway.corp.example:8443',
      'session ended at the gateway.',
      {
        title: 'Signed out of gateway.corp.example:8443',
        body: 'session ended at the gateway. Click to open Gatehouse and sign in again.',
      },
    ],
    [
      'not a url',
      '  ',
      { title: 'Signed out of not a url', body: 'The session ended. Click to open Gatehouse and sign in again.' },
    ],
  ];
  it.each(table)('%s, %j', (gateway, reason, expected) => {
    expect(sessionExpiredNotice({ type: 'session-expired', gateway, reason })).toEqual(expected);
  });
});
