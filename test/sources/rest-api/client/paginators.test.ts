import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockApi, makeRecords } from '../../../../src/testing/index.js';
import { createPaginator, registerPaginator } from '../../../../src/sources/rest-api/client/paginators/create-paginator.js';
import { OffsetPaginator } from '../../../../src/sources/rest-api/client/paginators/offset.js';
import { PageNumberPaginator } from '../../../../src/sources/rest-api/client/paginators/page-number.js';
import { CursorPaginator } from '../../../../src/sources/rest-api/client/paginators/cursor.js';
import { JsonLinkPaginator } from '../../../../src/sources/rest-api/client/paginators/json-link.js';
import { HeaderLinkPaginator, parseLinkHeader } from '../../../../src/sources/rest-api/client/paginators/header-link.js';
import { HeaderCursorPaginator } from '../../../../src/sources/rest-api/client/paginators/header-cursor.js';
import { SinglePagePaginator } from '../../../../src/sources/rest-api/client/paginators/single-page.js';
import type { Paginator } from '../../../../src/sources/rest-api/client/types.js';
import { ApiKeyAuth } from '../../../../src/sources/rest-api/client/auth/api-key.js';
import { ConfigError } from '../../../../src/common/errors.js';
import { captureLogs, collect, fastClient, get, ids, range } from './helpers.js';

const N = 23;
const api = new MockApi({
  routes: [
    { path: '/offset', collection: 'c', paginate: { type: 'offset' } },
    { path: '/offset-nototal', collection: 'c', paginate: { type: 'offset', totalKey: null } },
    { path: '/offset-hasmore', collection: 'c', paginate: { type: 'offset', totalKey: null, hasMoreKey: 'has_more' } },
    { path: '/offset-list', collection: 'c', paginate: { type: 'offset' }, dataKey: null },
    { path: '/offset-post', method: 'POST', collection: 'c', paginate: { type: 'offset', offsetParam: 'paging.offset', limitParam: 'paging.limit' } },
    { path: '/pages1', collection: 'c', paginate: { type: 'page_number', base: 1 }, pageSize: 5 },
    { path: '/pages0', collection: 'c', paginate: { type: 'page_number', base: 0 }, pageSize: 5 },
    { path: '/pages-nototal', collection: 'c', paginate: { type: 'page_number', base: 1, totalPagesKey: null }, pageSize: 5 },
    { path: '/pages-hasmore', collection: 'c', paginate: { type: 'page_number', base: 1, totalPagesKey: null, hasMoreKey: 'meta.has_more' }, pageSize: 5 },
    { path: '/cursor', collection: 'c', paginate: { type: 'cursor' }, pageSize: 10 },
    { path: '/cursor-empty', collection: 'c', paginate: { type: 'cursor', endCursor: '' }, pageSize: 10 },
    { path: '/cursor-omit', collection: 'c', paginate: { type: 'cursor', endCursor: 'omit', hasMoreKey: 'has_more' }, pageSize: 10 },
    { path: '/cursor-post', method: 'POST', collection: 'c', paginate: { type: 'cursor', cursorParam: 'page.after' }, pageSize: 10 },
    { path: '/json-link', collection: 'c', paginate: { type: 'json_link' }, pageSize: 10 },
    { path: '/json-link-rel', collection: 'c', paginate: { type: 'json_link', relative: true, nextKey: 'links.next' }, pageSize: 10 },
    { path: '/header-link', collection: 'c', paginate: { type: 'header_link' }, pageSize: 10, dataKey: null },
    { path: '/header-cursor', collection: 'c', paginate: { type: 'header_cursor', header: 'X-Next-Cursor' }, pageSize: 10 },
    { path: '/single', collection: 'c' },
  ],
  collections: { c: makeRecords(N) },
});
let base = '';
const { client } = fastClient();
before(async () => (base = await api.start()));
after(async () => {
  await client.close();
  await api.close();
});

async function run(path: string, p: Paginator, selector = 'data', method: 'GET' | 'POST' = 'GET', json?: unknown) {
  return collect(client, { method, url: `${base}${path}`, params: {}, headers: {}, json }, p, selector);
}

describe('offset', () => {
  it('stops when offset + limit >= total (no extra empty request)', async () => {
    const r = await run('/offset', new OffsetPaginator({ limit: 10 }));
    assert.deepEqual(ids(r.records), range(1, N));
    assert.deepEqual(r.pages.map((p) => p.length), [10, 10, 3]);
    assert.deepEqual(api.requestsTo('/offset').map((q) => q.query), [
      { offset: '0', limit: '10' }, { offset: '10', limit: '10' }, { offset: '20', limit: '10' },
    ]);
  });
  it('with the default total_path and no total in the response: does not throw, stops on the empty page', async () => {
    const { result: r, lines } = await captureLogs(() => run('/offset-nototal', new OffsetPaginator({ limit: 10 })), 'WARNING');
    assert.deepEqual(ids(r.records), range(1, N));
    assert.deepEqual(r.pages.map((p) => p.length), [10, 10, 3, 0]);
    assert.deepEqual(lines, []);
  });
  it('a top-level list (nowhere to put a total) works too', async () => {
    const r = await run('/offset-list', new OffsetPaginator({ limit: 20 }), '$');
    assert.deepEqual(ids(r.records), range(1, N));
  });
  it('an explicit total_path that is missing warns once and falls back', async () => {
    const { result: r, lines } = await captureLogs(() => run('/offset-nototal', new OffsetPaginator({ limit: 10, total_path: 'meta.count' })), 'WARNING');
    assert.deepEqual(ids(r.records), range(1, N));
    assert.equal(lines.filter((l) => l.includes("total_path \"meta.count\" not found")).length, 1);
  });
  it('errors only when nothing at all can decide', async () => {
    await assert.rejects(run('/offset-nototal', new OffsetPaginator({ limit: 10, stop_after_empty_page: false })), /no total found at "total".*no other rule can stop pagination/);
    assert.throws(() => new OffsetPaginator({ limit: 10, total_path: null, stop_after_empty_page: false }), ConfigError);
  });
  it('has_more overrides and stops without an empty page', async () => {
    const r = await run('/offset-hasmore', new OffsetPaginator({ limit: 10, has_more_path: 'has_more' }));
    assert.deepEqual(r.pages.map((p) => p.length), [10, 10, 3]);
  });
  it('has_more missing is an error naming the path and the request, query included, secrets masked', async () => {
    await assert.rejects(run('/offset', new OffsetPaginator({ limit: 10, has_more_path: 'more' })), /has_more_path "more" is missing in the response of GET http:\/\/127\.0\.0\.1:\d+\/offset\?offset=0&limit=10$/);
    const keyed = { method: 'GET' as const, url: `${base}/offset`, params: {}, headers: {} };
    await assert.rejects(collect(client, keyed, new OffsetPaginator({ limit: 10, has_more_path: 'more' }), 'data', new ApiKeyAuth({ name: 'key', api_key: 'pg-key-55121', location: 'query' })), (e: Error) => {
      assert.match(e.message, /\/offset\?offset=0&limit=10&key=\*\*\*$/);
      return true;
    });
  });
  it('maximum_offset stops', async () => {
    const r = await run('/offset', new OffsetPaginator({ limit: 5, maximum_offset: 10 }));
    assert.deepEqual(ids(r.records), range(1, 10));
  });
  it('offset/limit in the JSON body (POST)', async () => {
    const r = await run('/offset-post', new OffsetPaginator({ limit: 10, offset_body_path: 'paging.offset', limit_body_path: 'paging.limit' }), 'data', 'POST', { filter: 'x' });
    assert.deepEqual(ids(r.records), range(1, N));
    assert.deepEqual(api.requestsTo('/offset-post').at(-1)!.body, { filter: 'x', paging: { offset: 20, limit: 10 } });
  });
  it('a non-integer total is an error', async () => {
    const bad = new MockApi({ routes: [{ path: '/x', json: { data: [1], total: 'many' } }] });
    const u = await bad.start();
    await assert.rejects(collect(client, get(`${u}/x`), new OffsetPaginator({ limit: 1 })), /total at "total" is "many", not an integer/);
    await bad.close();
  });
});

describe('page_number', () => {
  it('1-based with total_pages', async () => {
    const r = await run('/pages1', new PageNumberPaginator({ base_page: 1, total_path: 'total_pages' }));
    assert.deepEqual(ids(r.records), range(1, N));
    assert.deepEqual(api.requestsTo('/pages1').map((q) => q.query['page']), ['1', '2', '3', '4', '5']);
  });
  it('0-based with total_pages', async () => {
    const r = await run('/pages0', new PageNumberPaginator({ total_path: 'total_pages' }));
    assert.deepEqual(ids(r.records), range(1, N));
    assert.deepEqual(api.requestsTo('/pages0').map((q) => q.query['page']), ['0', '1', '2', '3', '4']);
  });
  it('no total (default total_path): stops on the empty page without throwing', async () => {
    const r = await run('/pages-nototal', new PageNumberPaginator({ base_page: 1 }));
    assert.deepEqual(ids(r.records), range(1, N));
    assert.equal(r.pages.at(-1)!.length, 0);
  });
  it('has_more (nested path, overrides)', async () => {
    const r = await run('/pages-hasmore', new PageNumberPaginator({ base_page: 1, has_more_path: 'meta.has_more' }));
    assert.deepEqual(r.pages.map((p) => p.length), [5, 5, 5, 5, 3]);
  });
  it('maximum_page stops before requesting that page; page sets the first page', async () => {
    const r = await run('/pages1', new PageNumberPaginator({ base_page: 1, page: 2, maximum_page: 4, total_path: null }));
    assert.deepEqual(ids(r.records), range(6, 15));
  });
});

describe('cursor', () => {
  it('cursor in the query, stops on a null cursor', async () => {
    const r = await run('/cursor', new CursorPaginator({ cursor_path: 'next_cursor' }));
    assert.deepEqual(ids(r.records), range(1, N));
    const qs = api.requestsTo('/cursor').map((q) => q.query);
    assert.deepEqual(qs[0], {});
    assert.ok(qs[1]!['cursor']);
  });
  it('stops on an empty-string cursor', async () => {
    const r = await run('/cursor-empty', new CursorPaginator({ cursor_path: 'next_cursor' }));
    assert.deepEqual(ids(r.records), range(1, N));
  });
  it('has_more decides when the cursor key is absent on the last page', async () => {
    const r = await run('/cursor-omit', new CursorPaginator({ cursor_path: 'next_cursor', has_more_path: 'has_more' }));
    assert.deepEqual(ids(r.records), range(1, N));
  });
  it('cursor in the JSON body (POST, cursor_body_path)', async () => {
    const r = await run('/cursor-post', new CursorPaginator({ cursor_path: 'next_cursor', cursor_body_path: 'page.after' }), 'data', 'POST', { q: 1 });
    assert.deepEqual(ids(r.records), range(1, N));
    const last = api.requestsTo('/cursor-post').at(-1)!;
    assert.deepEqual(Object.keys(last.query), []);
    assert.equal((last.body as { q: number }).q, 1);
    assert.ok((last.body as { page: { after: string } }).page.after);
  });
  it('cursor_body_only: follow-up bodies hold only the cursor', async () => {
    const r = await run('/cursor-post', new CursorPaginator({ cursor_path: 'next_cursor', cursor_body_path: 'page.after', cursor_body_only: true }), 'data', 'POST', { q: 1 });
    assert.deepEqual(ids(r.records), range(1, N));
    const bodies = api.requestsTo('/cursor-post').slice(-3).map((q) => q.body as Record<string, unknown>);
    assert.deepEqual(bodies[0], { q: 1 });
    for (const b of bodies.slice(1)) assert.deepEqual(Object.keys(b), ['page']);
    assert.throws(() => new CursorPaginator({ cursor_body_only: true }), /cursor_body_only needs cursor_body_path/);
  });
  it('stop_after_empty_page', async () => {
    const empty = new MockApi({ routes: [{ path: '/e', json: { data: [], cursors: { next: 'abc' } } }] });
    const u = await empty.start();
    const r = await collect(client, get(`${u}/e`), new CursorPaginator({ stop_after_empty_page: true }));
    assert.equal(r.pages.length, 1);
    await empty.close();
  });
  it('cursor_param and cursor_body_path are exclusive', () => {
    assert.throws(() => new CursorPaginator({ cursor_param: 'a', cursor_body_path: 'b' }), /either cursor_param or cursor_body_path/);
  });
});

describe('next-URL and header paginators', () => {
  it('json_link with absolute next URLs', async () => {
    const r = await run('/json-link', new JsonLinkPaginator());
    assert.deepEqual(ids(r.records), range(1, N));
    assert.deepEqual(api.requestsTo('/json-link').map((q) => q.query), [{}, { page: '2' }, { page: '3' }]);
  });
  it('json_link with a relative next URL resolves against the current URL and clears params', async () => {
    const req = { method: 'GET' as const, url: `${base}/json-link-rel`, params: { per: 'x' }, headers: {} };
    const r = await collect(client, req, new JsonLinkPaginator({ next_url_path: 'links.next' }));
    assert.deepEqual(ids(r.records), range(1, N));
    assert.deepEqual(api.requestsTo('/json-link-rel').map((q) => q.query), [{ per: 'x' }, { per: 'x', page: '2' }, { per: 'x', page: '3' }]);
  });
  it('header_link follows Link rel="next"', async () => {
    const r = await run('/header-link', new HeaderLinkPaginator(), '$');
    assert.deepEqual(ids(r.records), range(1, N));
    assert.equal(api.requestsTo('/header-link').length, 3);
  });
  it('parses Link headers with several rels', () => {
    assert.deepEqual(parseLinkHeader('<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last"'), { next: 'https://a/x?page=2', last: 'https://a/x?page=9' });
    assert.deepEqual(parseLinkHeader('<https://a/y>; title="t, u"; rel=next'), { next: 'https://a/y' });
    assert.deepEqual(parseLinkHeader(undefined), {});
  });
  it('header_cursor', async () => {
    const r = await run('/header-cursor', new HeaderCursorPaginator({ cursor_key: 'X-Next-Cursor' }));
    assert.deepEqual(ids(r.records), range(1, N));
  });
  it('single_page', async () => {
    const r = await run('/single', new SinglePagePaginator());
    assert.equal(r.records.length, N);
    assert.equal(r.pages.length, 1);
  });
});

describe('createPaginator', () => {
  it('from strings, dicts, instances and auto', () => {
    assert.ok(createPaginator('single_page') instanceof SinglePagePaginator);
    assert.ok(createPaginator('header_link') instanceof HeaderLinkPaginator);
    assert.ok(createPaginator({ type: 'json_response', next_url_path: 'n' }) instanceof JsonLinkPaginator);
    assert.equal(createPaginator('auto'), 'auto');
    assert.equal(createPaginator({ type: 'auto' }), 'auto');
    assert.equal(createPaginator(undefined), undefined);
    const p = new OffsetPaginator({ limit: 3 });
    assert.equal(createPaginator(p), p);
    assert.equal(
      (createPaginator({ type: 'offset', limit: 100, total_path: null }) as Paginator).describe(),
      'OffsetPaginator(limit=100, offset=0, offset_param=offset, limit_param=limit, total_path=None, stop_after_empty_page=true)',
    );
  });
  it('errors name the key and suggest the right name', () => {
    assert.throws(() => createPaginator('pagenumber'), /paginator.type: 'pagenumber' is not a paginator; did you mean 'page_number'\?/);
    assert.throws(() => createPaginator('offset'), /'offset' requires limit/);
    assert.throws(() => createPaginator({ type: 'offset', limit: 10, totl_path: 'x' }), /paginator.totl_path: unknown option for paginator 'offset'; did you mean 'total_path'\?/);
    assert.throws(() => createPaginator({ type: 'cursor', cursor_path: 5 }), /paginator.cursor_path: expected a non-empty string/);
    assert.throws(() => createPaginator(42), ConfigError);
  });
  it('registerPaginator adds a type', () => {
    registerPaginator('every_other', () => new SinglePagePaginator());
    assert.ok(createPaginator({ type: 'every_other', anything: 1 }) instanceof SinglePagePaginator);
  });
  it('clone gives a fresh state', async () => {
    const p = new OffsetPaginator({ limit: 10 });
    await run('/offset', p);
    const c = p.clone();
    assert.equal(c.hasNextPage, true);
  });
});

describe('totals outside dlt: total_header (offset) and total_items_path + page_size (page_number)', () => {
  const rows = makeRecords(20);
  const totals = new MockApi({
    routes: [
      { path: '/count', handler: (q) => ({ json: { data: rows.slice(Number(q.query['offset']), Number(q.query['offset']) + Number(q.query['limit'])) }, headers: { 'X-Total-Count': String(rows.length) } }) },
      { path: '/range', handler: (q) => {
        const o = Number(q.query['offset']);
        const page = rows.slice(o, o + Number(q.query['limit']));
        return { json: page, headers: { 'Content-Range': page.length ? `${o + 1}-${o + page.length}/${rows.length}` : `*/${rows.length}` } };
      } },
      { path: '/items-total', handler: (q) => {
        const p = Number(q.query['page']);
        return { json: { data: rows.slice((p - 1) * 10, p * 10), count: rows.length } };
      } },
    ],
  });
  let u = '';
  before(async () => (u = await totals.start()));
  after(() => totals.close());

  it('total_header reads an integer header and a Content-Range; no trailing empty request', async () => {
    for (const [path, selector, header] of [['/count', 'data', 'X-Total-Count'], ['/range', '$', 'Content-Range']] as const) {
      const r = await collect(client, get(`${u}${path}`), new OffsetPaginator({ limit: 10, total_header: header }), selector);
      assert.deepEqual(ids(r.records), range(1, 20));
      assert.deepEqual(r.pages.map((p) => p.length), [10, 10], path);
    }
    assert.throws(() => new OffsetPaginator({ limit: 10, total_header: 'X-Total-Count', total_path: 'total' }), /either offset.total_path or offset.total_header/);
  });
  it('total_items_path counts records: stops at page * page_size >= total', async () => {
    const r = await collect(client, get(`${u}/items-total`), new PageNumberPaginator({ base_page: 1, total_items_path: 'count', page_size: 10 }));
    assert.deepEqual(r.pages.map((p) => p.length), [10, 10]);
    assert.throws(() => new PageNumberPaginator({ total_items_path: 'count' }), /page_size/);
    assert.throws(() => new PageNumberPaginator({ page_size: 10 }), /only used with total_items_path/);
    assert.throws(() => new PageNumberPaginator({ total_items_path: 'count', page_size: 10, total_path: 'pages' }), /not both/);
  });
  it('the options pass config validation', () => {
    assert.ok(createPaginator({ type: 'offset', limit: 5, total_header: 'Content-Range' }) instanceof OffsetPaginator);
    assert.ok(createPaginator({ type: 'page_number', total_items_path: 'count', page_size: 5 }) instanceof PageNumberPaginator);
  });
});

describe('paginators made in code check their JSONPaths (no config schema sees them)', () => {
  it('a broken path is refused when the paginator is made, naming the option', () => {
    const refused = (make: () => unknown, re: RegExp) => assert.throws(make, (e: unknown) => e instanceof Error && re.test(e.message));
    refused(() => new JsonLinkPaginator({ next_url_path: 'links[' }), /json_link\.next_url_path: "links\[" is not a valid JSONPath: unclosed '\['/);
    refused(() => new CursorPaginator({ cursor_path: 'meta..' }), /cursor\.cursor_path: "meta\.\." is not a valid JSONPath/);
    refused(() => new CursorPaginator({ cursor_path: 'next', has_more_path: "$['more" }), /cursor\.has_more_path: .* is not a valid JSONPath/);
    refused(() => new OffsetPaginator({ limit: 10, total_path: 'meta[total' }), /offset total path: "meta\[total" is not a valid JSONPath/);
    refused(() => new PageNumberPaginator({ total_path: null, has_more_path: 'a b' }), /has_more_path: "a b" is not a valid JSONPath/);
    // valid ones are made as before
    new JsonLinkPaginator({ next_url_path: '$.links.next' });
    new OffsetPaginator({ limit: 10, total_path: "$['meta']['total']" });
  });
});
