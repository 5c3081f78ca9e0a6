import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectDataSelector, detectPaginator } from '../../../../src/sources/rest-api/client/detector.js';
import { selectData } from '../../../../src/sources/rest-api/client/data-selector.js';
import { HttpResponse } from '../../../../src/sources/rest-api/client/rest-response.js';
import type { RestResponse } from '../../../../src/sources/rest-api/client/types.js';
import { captureLogs, get } from './helpers.js';

/** detectPaginator on a response with this body (and headers). */
function dp(body: unknown, headers: Record<string, string> = {}, data?: unknown) {
  return detectPaginator(res(body, headers), body, data);
}
function res(body: unknown, headers: Record<string, string> = {}): RestResponse {
  return new HttpResponse(get('https://api.example.com/items'), 200, { 'content-type': 'application/json', ...headers }, JSON.stringify(body), 'https://api.example.com/items');
}

describe('detectDataSelector (dlt §1.4)', () => {
  it('non-dict bodies select $', () => {
    assert.equal(detectDataSelector([1, 2]), '$');
    assert.equal(detectDataSelector('x'), '$');
    assert.equal(detectDataSelector(null), '$');
  });
  it('prefers a list under a record key, in DFS order', () => {
    assert.equal(detectDataSelector({ meta: { tags: ['a'] }, results: [{ id: 1 }] }), 'results');
    assert.equal(detectDataSelector({ response: { items: [1] }, data: [2] }), 'response.items');
    assert.equal(detectDataSelector({ values: [{ id: 1 }] }), 'values');
    assert.equal(detectDataSelector({ content: [] }), 'content');
  });
  it('key match is case-sensitive; falls back to the first list', () => {
    assert.equal(detectDataSelector({ Data: [1], other: [2] }), 'Data');
    assert.equal(detectDataSelector({ users: [1], data: 5 }), 'users');
  });
  it('looks at most 3 keys deep', () => {
    assert.equal(detectDataSelector({ a: { b: { data: [1] } } }), 'a.b.data');
    assert.equal(detectDataSelector({ a: { b: { c: { data: [1] } } } }), '$');
    assert.equal(detectDataSelector({ a: { b: { c: { data: [1] } } }, x: { list: [] } }), 'x.list');
  });
  it('no lists at all → $ (a single object)', () => {
    assert.equal(detectDataSelector({ id: 1, name: 'x' }), '$');
  });
  it('keys that are not identifiers become bracket JSONPath', () => {
    const sel = detectDataSelector({ 'the data': { items: [1, 2] } });
    assert.equal(sel, "$['the data']['items']");
    assert.deepEqual(selectData({ 'the data': { items: [1, 2] } }, sel), [1, 2]);
  });
  it('logs at info what it found', async () => {
    const { lines } = await captureLogs(() => detectDataSelector({ data: [1, 2] }), 'INFO');
    assert.match(lines[0]!, /Detected page data at path: 'data' type: list length: 2/);
  });
});

describe('detectPaginator (dlt §1.5)', () => {
  it('Link rel=next header → header_link, score 1', () => {
    const d = dp([1], { link: '<https://api.example.com/items?page=2>; rel="next"' });
    assert.equal(d.paginator.describe(), 'HeaderLinkPaginator(links_next_key=next)');
    assert.equal(d.score, 1);
  });
  it('next URL in the body (absolute, relative, nested href) → json_link, score 1', () => {
    assert.equal(dp({ data: [], next: 'https://x/y?page=2' }).paginator.describe(), 'JSONLinkPaginator(next_url_path=next)');
    assert.equal(dp({ data: [], pagination: { next_page: '/items?page=2' } }).paginator.describe(), 'JSONLinkPaginator(next_url_path=pagination.next_page)');
    const d = dp({ data: [], links: { next: { href: 'https://x/2' } } });
    assert.equal(d.paginator.describe(), 'JSONLinkPaginator(next_url_path=links.next.href)');
    assert.equal(d.score, 1);
  });
  it('total_pages/pages/totalPages → page_number, score 0.5 (before cursor)', () => {
    const d = dp({ data: [], meta: { totalPages: '7' }, next_cursor: 'abc' });
    assert.match(d.paginator.describe(), /^PageNumberPaginator\(base_page=0, page=0, page_param=page, total_path=meta.totalPages/);
    assert.equal(d.score, 0.5);
    assert.equal(dp({ data: [], pages: 'many' }).score, 0);
  });
  it('next* key with a non-URL value → cursor, score 0.5', () => {
    const d = dp({ data: [], cursors: { nextCursor: 'eyJ0' } });
    assert.equal(d.paginator.describe(), 'JSONResponseCursorPaginator(cursor_path=cursors.nextCursor, cursor_param=cursor)');
    assert.equal(d.score, 0.5);
    assert.equal(dp({ items: [], next: 12 }).paginator.describe(), 'JSONResponseCursorPaginator(cursor_path=next, cursor_param=cursor)');
  });
  it('null next values are skipped; nothing found → single_page, score 0', () => {
    const d = dp({ data: [1], next: null });
    assert.equal(d.paginator.describe(), 'SinglePagePaginator()');
    assert.equal(d.score, 0);
  });
  it('logs: 1.0 info, 0.5 warning, fallback warning for lists and info for single objects', async () => {
    let { lines } = await captureLogs(() => dp({ data: [], next: 'https://x/2' }), 'INFO');
    assert.match(lines[0]!, /INFO .*Detected paginator: JSONLinkPaginator/);
    ({ lines } = await captureLogs(() => dp({ data: [], next: 'abc' }), 'INFO'));
    assert.match(lines[0]!, /WARNING .*Please verify the paginator settings/);
    ({ lines } = await captureLogs(() => dp([1, 2]), 'INFO'));
    assert.match(lines[0]!, /WARNING .*Fallback paginator used: SinglePagePaginator\(\)\. Please provide right paginator manually\./);
    ({ lines } = await captureLogs(() => dp({ id: 1 }, {}, { id: 1 }), 'INFO'));
    assert.match(lines[0]!, /INFO .*Fallback paginator used: SinglePagePaginator\(\) to handle not paginated response\./);
    ({ lines } = await captureLogs(() => dp({ id: 1 }, {}, { id: 1 })));
    assert.ok(lines.length === 1);
  });
});

describe('selectData', () => {
  it('one list match → the list; a single object → [obj]; several → list; $ on a list', () => {
    assert.deepEqual(selectData({ data: [1, 2] }, 'data'), [1, 2]);
    assert.deepEqual(selectData({ data: [1, 2] }, '$.data'), [1, 2]);
    assert.deepEqual(selectData({ user: { id: 1 } }, 'user'), [{ id: 1 }]);
    assert.deepEqual(selectData({ id: 1 }, '$'), [{ id: 1 }]);
    assert.deepEqual(selectData([{ id: 1 }], '$'), [{ id: 1 }]);
    assert.deepEqual(selectData({ a: [{ id: 1 }, { id: 2 }] }, '$.a[*].id'), [1, 2]);
    assert.deepEqual(selectData({ groups: [{ users: [1] }, { users: [2, 3] }] }, '$.groups[*].users'), [[1], [2, 3]]);
    assert.deepEqual(selectData({ a: { b: [5] } }, '$..b'), [5]);
    assert.deepEqual(selectData({ items: [{ t: 'x', v: 1 }, { t: 'y', v: 2 }] }, "$.items[?(@.t=='y')]"), [{ t: 'y', v: 2 }]);
    assert.deepEqual(selectData({ data: [] }, 'data'), []);
  });
  it('nothing (or null) → [] with a warning', async () => {
    const { result, lines } = await captureLogs(() => selectData({ other: 1 }, 'data'), 'WARNING');
    assert.deepEqual(result, []);
    assert.match(lines[0]!, /Data selector "data" found no data/);
    assert.deepEqual(selectData({ data: null }, 'data'), []);
  });
});
