/** Every paginator through restApiSource over real loopback HTTP, plus auto-detection. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MockApi, makeRecords, type MockResponse } from '../../../src/testing/mock-api.js';
import { restApiSource, type PaginatorConfig } from '../../../src/sources/rest-api/index.js';
import { captureLogs, drain, FAST } from './helpers.js';

const N = 47;
let api: MockApi;
let base: string;

before(async () => {
  api = new MockApi({
    routes: [
      { path: '/single', collection: 'items', paginate: { type: 'single_page' } },
      { path: '/offset', collection: 'items', paginate: { type: 'offset' }, pageSize: 10 },
      { path: '/offset-nototal', collection: 'items', paginate: { type: 'offset', totalKey: null }, pageSize: 10 },
      { path: '/offset-hasmore', collection: 'items', paginate: { type: 'offset', totalKey: null, hasMoreKey: 'has_more' }, pageSize: 10 },
      { path: '/pages', collection: 'items', paginate: { type: 'page_number' }, pageSize: 10 },
      { path: '/pages0t', collection: 'items', paginate: { type: 'page_number', base: 0 }, pageSize: 10 },
      { path: '/pages0', collection: 'items', paginate: { type: 'page_number', base: 0, totalPagesKey: null }, pageSize: 10 },
      { path: '/cursor', collection: 'items', paginate: { type: 'cursor' }, pageSize: 10 },
      { path: '/cursor-empty', collection: 'items', paginate: { type: 'cursor', endCursor: '' }, pageSize: 10 },
      { path: '/cursor-post', method: 'POST', collection: 'items', paginate: { type: 'cursor', cursorParam: 'page.cursor' }, pageSize: 10 },
      { path: '/json-link', collection: 'items', paginate: { type: 'json_link' }, pageSize: 10 },
      { path: '/json-link-rel', collection: 'items', paginate: { type: 'json_link', relative: true, nextKey: 'links.next' }, pageSize: 10 },
      { path: '/header-link', collection: 'items', paginate: { type: 'header_link' }, pageSize: 10 },
      { path: '/header-cursor', collection: 'items', paginate: { type: 'header_cursor' }, pageSize: 10 },
      { path: '/bare', collection: 'items', paginate: { type: 'header_link' }, pageSize: 10, dataKey: null },
      { path: '/nested', collection: 'items', paginate: { type: 'json_link', nextKey: 'meta.next' }, pageSize: 10, dataKey: 'response.results' },
    ],
    collections: { items: makeRecords(N) },
  });
  base = await api.start();
});
after(() => api.close());

async function load(path: string, paginator?: PaginatorConfig, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const src = restApiSource({ client: { base_url: base }, resources: [{ name: 'items', endpoint: { path, paginator, ...extra } }] }, { runtime: FAST });
  const { rows } = await drain(src);
  return rows.items ?? [];
}

function assertAll(rows: Record<string, unknown>[]): void {
  assert.equal(rows.length, N);
  assert.deepEqual(rows.map((r) => r.id), Array.from({ length: N }, (_, i) => i + 1));
}

test('single_page', async () => assertAll(await load('single', 'single_page')));
test('offset with total', async () => assertAll(await load('offset', { type: 'offset', limit: 10 })));
test('offset without total: total_path null stops on the empty page', async () => assertAll(await load('offset-nototal', { type: 'offset', limit: 10, total_path: null })));
test('offset with has_more_path', async () => assertAll(await load('offset-hasmore', { type: 'offset', limit: 10, total_path: null, has_more_path: 'has_more' })));
test('page_number base 1 with total_pages', async () => assertAll(await load('pages', { type: 'page_number', base_page: 1, total_path: 'total_pages' })));
test('page_number base 0, no total', async () => assertAll(await load('pages0', { type: 'page_number', base_page: 0, total_path: null })));
test('cursor', async () => assertAll(await load('cursor', { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor' })));
test('cursor stops on empty-string cursor', async () => assertAll(await load('cursor-empty', { type: 'cursor', cursor_path: 'next_cursor' })));
test('cursor in a POST body', async () =>
  assertAll(await load('cursor-post', { type: 'cursor', cursor_path: 'next_cursor', cursor_body_path: 'page.cursor' }, { method: 'POST', json: { filter: 'all' } })));
test('json_link', async () => assertAll(await load('json-link', { type: 'json_link', next_url_path: 'next' })));
test('json_link with relative URLs', async () => assertAll(await load('json-link-rel', { type: 'json_link', next_url_path: 'links.next' })));
test('header_link', async () => assertAll(await load('header-link', 'header_link')));
test('header_cursor', async () => assertAll(await load('header-cursor', { type: 'header_cursor', cursor_key: 'next', cursor_param: 'cursor' })));
test('a Paginator instance is accepted', async () => {
  const { HeaderLinkPaginator } = await import('../../../src/sources/rest-api/index.js');
  assertAll(await load('header-link', new HeaderLinkPaginator()));
});

test('auto-detection: Link header, next URL, cursor, page count; the choice is logged', async () => {
  for (const path of ['header-link', 'json-link', 'bare', 'nested', 'cursor', 'pages0t']) {
    const { result, lines } = await captureLogs(() => load(path));
    assertAll(result);
    assert.ok(lines.some((l) => /paginator .*auto-detected/.test(l)), `${path}: ${lines.join('\n')}`);
  }
  const { lines } = await captureLogs(() => load('nested'));
  assert.ok(lines.some((l) => l.includes("data selector 'response.results' (auto-detected)")), lines.join('\n'));
});

test('explicit auto paginator and data_selector', async () => {
  assertAll(await load('nested', 'auto', { data_selector: 'response.results' }));
});

test('paginator precedence: endpoint > resource_defaults > client', async () => {
  const cfg = (endpointPaginator?: PaginatorConfig) =>
    restApiSource(
      {
        client: { base_url: base, paginator: 'single_page' },
        resource_defaults: { endpoint: { paginator: { type: 'offset', limit: 10 } } },
        resources: [{ name: 'items', endpoint: { path: endpointPaginator ? 'header-link' : 'offset', paginator: endpointPaginator } }],
      },
      { runtime: FAST },
    );
  assertAll((await drain(cfg())).rows.items!);
  assertAll((await drain(cfg('header_link'))).rows.items!);
  const onlyClient = restApiSource({ client: { base_url: base, paginator: { type: 'offset', limit: 10 } }, resources: [{ name: 'items', endpoint: 'offset' }] }, { runtime: FAST });
  assertAll((await drain(onlyClient)).rows.items!);
});

test('string resource shorthand and endpoint string shorthand', async () => {
  const src = restApiSource({ client: { base_url: `${base}/`, paginator: 'header_link' }, resources: ['header-link', { name: 'x', endpoint: '/header-link' }] }, { runtime: FAST });
  const { rows } = await drain(src);
  assertAll(rows['header-link']!);
  assertAll(rows.x!);
});

test('auto-detection runs per call, as dlt: a child whose first parent item has one page still follows the Link header of a later one', async () => {
  const api = new MockApi({
    routes: [
      {
        path: '/issues/:id/comments',
        handler: (req): MockResponse => {
          const page = Number(req.query.page ?? 1);
          const id = Number(req.params.id);
          if (id === 1) return { json: [{ issue: 1, page }] };
          return { json: [{ issue: id, page }], headers: page < 2 ? { link: `</issues/${id}/comments?page=${page + 1}>; rel="next"` } : {} };
        },
      },
    ],
  });
  const base = await api.start();
  try {
    const { resource } = await import('../../../src/extract/resource.js');
    const src = restApiSource(
      { client: { base_url: base }, resources: [resource([{ id: 1 }, { id: 2 }, { id: 3 }], { name: 'issues' }), { name: 'comments', endpoint: { path: 'issues/{resources.issues.id}/comments' } }] },
      { runtime: FAST },
    );
    const { result, lines } = await captureLogs(() => drain(src));
    assert.deepEqual(result.rows.comments, [{ issue: 1, page: 1 }, { issue: 2, page: 1 }, { issue: 2, page: 2 }, { issue: 3, page: 1 }, { issue: 3, page: 2 }]);
    const logged = lines.filter((l) => l.includes('resource comments: paginator')).map((l) => /paginator (\w+)/.exec(l)![1]);
    assert.deepEqual(logged, ['SinglePagePaginator', 'HeaderLinkPaginator'], 'a detection is logged when it changes, not per call');
  } finally {
    await api.close();
  }
});
