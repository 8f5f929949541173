import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceStatus } from '../../shared/api';
import { filterResources } from './filter-resources';
import { collectTagChips, tagId } from './resource-tags';

function resource(name: string, tags: Record<string, string>, overrides: Partial<ResourceStatus> = {}): ResourceStatus {
  return {
    name,
    type: 'kubernetes-user-impersonation',
    port: null,
    state: 'disconnected',
    health: 'unknown',
    error: null,
    tags,
    server: null,
    healthcheckNamespace: 'default',
    via: null,
    ...overrides,
  };
}

const PROD_PAYMENTS = resource('pay-prod', { env: 'prod', team: 'payments' }, { port: 16443 });
const STAGING_PAYMENTS = resource('pay-staging', { env: 'staging', team: 'payments' });
const PROD_SEARCH = resource('search-prod', { env: 'prod', team: 'search' }, { server: 'https://Search.example.com' });
const UNTAGGED = resource('sandbox', {});
const RESOURCES = [PROD_PAYMENTS, STAGING_PAYMENTS, PROD_SEARCH, UNTAGGED];

describe('tagId / collectTagChips', () => {
  it('a tag chip id is key=value', () => {
    expect(tagId('env', 'prod')).toBe('env=prod');
  });

  it('counts each tag, most used first, then alphabetically', () => {
    expect(collectTagChips(RESOURCES)).toEqual([
      { key: 'env', value: 'prod', id: 'env=prod', count: 2 },
      { key: 'team', value: 'payments', id: 'team=payments', count: 2 },
      { key: 'env', value: 'staging', id: 'env=staging', count: 1 },
      { key: 'team', value: 'search', id: 'team=search', count: 1 },
    ]);
    expect(collectTagChips([])).toEqual([]);
  });

  const tags = fc.dictionary(fc.constantFrom('env', 'team', 'tier'), fc.constantFrom('a', 'b', 'c'), { maxKeys: 3 });

  it('has one chip per distinct tag, and the counts add up to all tags', () => {
    fc.assert(
      fc.property(fc.array(tags, { maxLength: 20 }), (tagSets) => {
        const chips = collectTagChips(tagSets.map((set, index) => resource(`r${index}`, set)));
        expect(new Set(chips.map((chip) => chip.id)).size).toBe(chips.length);
        expect(chips.reduce((sum, chip) => sum + chip.count, 0)).toBe(
          tagSets.reduce((sum, set) => sum + Object.keys(set).length, 0),
        );
        for (let index = 1; index < chips.length; index += 1) {
          expect((chips[index - 1]?.count ?? 0) >= (chips[index]?.count ?? 0)).toBe(true);
        }
      }),
    );
  });
});

describe('filterResources', () => {
  it('no query and no tags: everything, in order', () => {
    expect(filterResources(RESOURCES, '', [])).toEqual(RESOURCES);
    expect(filterResources(RESOURCES, '   ', [])).toEqual(RESOURCES);
  });

  it.each([
    ['one tag', ['env=prod'], [PROD_PAYMENTS, PROD_SEARCH]],
    ['two values of one key: either', ['env=prod', 'env=staging'], [PROD_PAYMENTS, STAGING_PAYMENTS, PROD_SEARCH]],
    ['two keys: both', ['env=prod', 'team=payments'], [PROD_PAYMENTS]],
    ['either value of one key, and the other key', ['env=prod', 'env=staging', 'team=search'], [PROD_SEARCH]],
    ['a tag nobody has', ['env=dev'], []],
  ])('%s', (_name, selected, expected) => {
    expect(filterResources(RESOURCES, '', selected)).toEqual(expected);
  });

  it('a tag value containing "=" still matches', () => {
    const withEquals = resource('eq', { selector: 'app=web' });
    expect(filterResources([withEquals, UNTAGGED], '', ['selector=app=web'])).toEqual([withEquals]);
  });

  it.each([
    ['name', 'SANDBOX', [UNTAGGED]],
    ['server, ignoring case', 'search.example', [PROD_SEARCH]],
    ['type', 'impersonation', RESOURCES],
    ['port', '1644', [PROD_PAYMENTS]],
    ['tag as key=value', 'team=pay', [PROD_PAYMENTS, STAGING_PAYMENTS]],
    ['tag value', 'staging', [STAGING_PAYMENTS]],
    ['nothing', 'zzz', []],
  ])('the query matches the %s', (_name, query, expected) => {
    expect(filterResources(RESOURCES, query, [])).toEqual(expected);
  });

  it('the query matches the gateway a resource goes through (gateway mode has no server)', () => {
    const throughGateway = resource('gw-staging', {}, { via: 'https://Gatehouse.example.com/k8s/gw-staging' });
    expect(filterResources([throughGateway, UNTAGGED], 'gatehouse.example', [])).toEqual([throughGateway]);
  });

  it('the query and the tags must both match', () => {
    expect(filterResources(RESOURCES, 'pay', ['env=prod'])).toEqual([PROD_PAYMENTS]);
  });

  it('selecting every chip of one key hides only the resources without that key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom('env', 'team'), fc.constantFrom('a', 'b'), { maxKeys: 2 }), {
          maxLength: 15,
        }),
        fc.constantFrom('env', 'team'),
        (tagSets, key) => {
          const resources = tagSets.map((set, index) => resource(`r${index}`, set));
          const selected = collectTagChips(resources)
            .filter((chip) => chip.key === key)
            .map((chip) => chip.id);
          const expected = selected.length === 0 ? resources : resources.filter((item) => key in item.tags);
          expect(filterResources(resources, '', selected)).toEqual(expected);
        },
      ),
    );
  });
});
