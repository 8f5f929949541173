import { describe, expect, it } from 'vitest';
import { count, quotedList, ruleText } from './text';

describe('wording helpers', () => {
  it('quotes and joins names', () => {
    expect(quotedList([])).toBe('');
    expect(quotedList(['a'])).toBe('"a"');
    expect(quotedList(['a', 'b'])).toBe('"a" and "b"');
    expect(quotedList(['a', 'b', 'c'])).toBe('"a", "b" and "c"');
  });

  it('counts nouns', () => {
    expect(count(1, 'user')).toBe('1 user');
    expect(count(0, 'group')).toBe('0 groups');
  });

  it('writes a rule the way a Role spells it', () => {
    expect(ruleText({ apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] })).toBe(
      'apiGroups: [""], resources: ["users","groups"], verbs: ["impersonate"]',
    );
    expect(ruleText({ apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['a@x'] })).toBe(
      'apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["a@x"]',
    );
  });
});
