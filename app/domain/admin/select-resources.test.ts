import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOrg } from '../../../shared/org';
import { DEMO_ORG_YAML } from '../../../shared/test-fixtures/demo-org';
import { selectResources, UnknownResourceError } from './select-resources';

describe('selectResources', () => {
  const result = parseOrg(parse(DEMO_ORG_YAML));
  if (!result.ok) throw new Error('demo org does not parse');
  const org = result.org;

  it('selects all resources in org order, or the named ones', () => {
    expect(selectResources(org).map((r) => r.name)).toEqual(['staging', 'prod', 'payments']);
    expect(selectResources(org, ['prod']).map((r) => r.name)).toEqual(['prod']);
  });

  it('names the known resources when a name is unknown', () => {
    expect(() => selectResources(org, ['nope'])).toThrow(
      new UnknownResourceError('unknown resource "nope" (the org has: staging, prod, payments)'),
    );
  });
});
