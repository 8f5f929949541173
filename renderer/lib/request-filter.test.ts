import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../shared/activity';
import { type RequestFilter, type StatusClass, distinctVerbs, filterRequests } from './request-filter';

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    time: '2024-05-06T07:08:09Z',
    resource: 'dev',
    user: 'ada@example.com',
    groups: ['system:authenticated'],
    verb: 'get',
    method: 'GET',
    path: '/api/v1/namespaces/default/pods',
    namespace: 'default',
    apiResource: 'pods',
    status: 200,
    bytes: 100,
    durationMs: 12.5,
    ...overrides,
  };
}

const LIST = record({ verb: 'list' });
const DELETE_FORBIDDEN = record({ verb: 'delete', method: 'DELETE', status: 403, user: 'Grace@Example.com' });
const EXEC = record({
  verb: 'create',
  method: 'POST',
  path: '/api/v1/namespaces/web/pods/p/exec',
  namespace: 'web',
  apiResource: 'pods/exec',
  status: 101,
  upgrade: 'SPDY/3.1',
});
const REFUSED = record({
  resource: 'prod',
  status: 502,
  refused: 'cluster unreachable',
  namespace: null,
  apiResource: null,
});
const NOT_FOUND = record({
  status: 404,
  path: '/apis/example.com/v1/widgets',
  apiResource: 'widgets',
  resource: 'staging',
});
const RECORDS = [LIST, DELETE_FORBIDDEN, EXEC, REFUSED, NOT_FOUND];

const ALL: RequestFilter = { text: '', verb: '', status: 'all' };
const shown = (filter: Partial<RequestFilter>): RequestRecord[] => filterRequests(RECORDS, { ...ALL, ...filter });

describe('filterRequests', () => {
  it('an empty filter shows everything, in order', () => {
    expect(shown({})).toEqual(RECORDS);
  });

  it.each<[StatusClass, RequestRecord[]]>([
    ['success', [LIST, EXEC]],
    ['client-error', [DELETE_FORBIDDEN, NOT_FOUND]],
    ['server-error', [REFUSED]],
    ['refused', [REFUSED]],
  ])('status class %s', (status, expected) => {
    expect(shown({ status })).toEqual(expected);
  });

  it('the verb must match exactly', () => {
    expect(shown({ verb: 'delete' })).toEqual([DELETE_FORBIDDEN]);
    expect(shown({ verb: 'del' })).toEqual([]);
  });

  it.each([
    ['the status code', '403', [DELETE_FORBIDDEN]],
    ['the user, ignoring case', 'grace@', [DELETE_FORBIDDEN]],
    ['the verb', 'DELETE', [DELETE_FORBIDDEN]],
    ['the HTTP method', 'post', [EXEC]],
    ['the path', '/apis/example.com', [NOT_FOUND]],
    ['the namespace', 'web', [EXEC]],
    ['the API resource and subresource', 'pods/exec', [EXEC]],
    ['the upgrade', 'spdy', [EXEC]],
    ['the refusal', 'unreachable', [REFUSED]],
    ['the resource', 'staging', [NOT_FOUND]],
    ['with surrounding spaces', '  prod  ', [REFUSED]],
    ['nothing', 'no such thing', []],
  ])('the text matches %s', (_name, text, expected) => {
    expect(shown({ text })).toEqual(expected);
  });

  it('all conditions must hold', () => {
    expect(shown({ text: 'default', verb: 'get', status: 'client-error' })).toEqual([NOT_FOUND]);
  });

  const anyRecord = fc
    .record({
      verb: fc.constantFrom('get', 'list', 'create', 'delete'),
      status: fc.integer({ min: 100, max: 599 }),
      refused: fc.option(fc.constantFrom('denied', 'unreachable'), { nil: undefined }),
      user: fc.constantFrom('a@x', 'b@y'),
    })
    .map(({ refused, ...rest }) => record(refused === undefined ? rest : { ...rest, refused }));

  it('success, client errors and server errors split the records between them', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 30 }), (records) => {
        const classes = (['success', 'client-error', 'server-error'] as const).map((status) =>
          filterRequests(records, { ...ALL, status }),
        );
        expect(classes.flat().length).toBe(records.length);
        for (const item of records)
          expect(classes.filter((shownInClass) => shownInClass.includes(item)).length).toBe(1);
      }),
    );
  });

  it('always shows a subsequence of the records that satisfies the filter', () => {
    fc.assert(
      fc.property(
        fc.array(anyRecord, { maxLength: 30 }),
        fc.record({
          text: fc.constantFrom('', 'a@', 'B@Y', '40', ' get '),
          verb: fc.constantFrom('', 'get', 'delete'),
          status: fc.constantFrom<StatusClass>('all', 'success', 'client-error', 'server-error', 'refused'),
        }),
        (records, filter) => {
          const result = filterRequests(records, filter);
          let from = 0;
          for (const item of result) {
            from = records.indexOf(item, from) + 1;
            expect(from).toBeGreaterThan(0);
            if (filter.verb !== '') expect(item.verb).toBe(filter.verb);
          }
          // Narrowing never adds: the same filter without text shows at least as many.
          expect(filterRequests(records, { ...filter, text: '' }).length).toBeGreaterThanOrEqual(result.length);
        },
      ),
    );
  });
});

describe('distinctVerbs', () => {
  it('lists each verb once, sorted', () => {
    expect(distinctVerbs(RECORDS)).toEqual(['create', 'delete', 'get', 'list']);
    expect(distinctVerbs([])).toEqual([]);
  });
});
