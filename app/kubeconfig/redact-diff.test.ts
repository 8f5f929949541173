import { describe, expect, it } from 'vitest';
import { redactDiff } from './redact-diff';

describe('redactDiff', () => {
  it('hides credential values on added, removed and context lines, and nothing else', () => {
    const diff = ['--- a', '+++ b', '@@ -1,3 +1,4 @@', '+    token: abc.def', '-    token: old', '     client-key-data: LS0t', '+    server: https://127.0.0.1:1', '   - token: xyz', '+    password: hunter2'].join('\n');
    expect(redactDiff(diff).split('\n')).toEqual([
      '--- a',
      '+++ b',
      '@@ -1,3 +1,4 @@',
      '+    token: <hidden>',
      '-    token: <hidden>',
      '     client-key-data: <hidden>',
      '+    server: https://127.0.0.1:1',
      '   - token: <hidden>',
      '+    password: <hidden>',
    ]);
  });
});
