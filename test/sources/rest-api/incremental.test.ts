/** Incremental loading in the REST source over loopback HTTP. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MockApi, type MockRecord } from '../../../src/testing/mock-api.js';
import { restApiSource } from '../../../src/sources/rest-api/index.js';
import { drain, FAST, type SourcesState } from './helpers.js';

const ts = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
let api: MockApi;
let base: string;

before(async () => {
  api = new MockApi({
    routes: [
      {
        // filters server-side by ?since= (inclusive), like most APIs; newest last
        path: '/events',
        handler: (req, a) => {
          const since = req.query.since;
          const until = req.query.until;
          const data = a.collection('events').filter((e) => (!since || String(e.updated_at) >= since) && (!until || String(e.updated_at) < until));
          return { json: { data } };
        },
      },
      { path: '/all', collection: 'events', paginate: { type: 'offset' }, pageSize: 5 },
      { path: '/desc', collection: 'desc', paginate: { type: 'offset' }, pageSize: 5 },
      { path: '/repos', json: [{ id: 1 }, { id: 2 }] },
      {
        // per repo: 6 events numbered 60, 50, ... 10 (newest first), 2 a page by ?offset=
        path: '/repos/:id/events',
        handler: (req) => {
          const off = Number(req.query.offset ?? 0);
          const all = [60, 50, 40, 30, 20, 10].map((n) => ({ id: `${req.params.id}-${n}`, n }));
          return { json: { data: all.slice(off, off + 2), total: all.length } };
        },
      },
      {
        path: '/feed',
        method: 'POST',
        handler: (req, a) => {
          // 1Password-style: body {cursor} or {limit}; cursor = index of the next event
          const body = (req.body ?? {}) as { cursor?: string; limit?: number };
          const all = a.collection('feed');
          const start = body.cursor ? Number(body.cursor) : 0;
          const items = all.slice(start, start + 3);
          const next = start + items.length;
          return { json: { cursor: String(next), has_more: next < all.length, items } };
        },
      },
    ],
    collections: {
      events: Array.from({ length: 10 }, (_, k) => ({ id: k + 1, updated_at: ts(k + 1) })),
      desc: Array.from({ length: 20 }, (_, k) => ({ id: 20 - k, n: 20 - k })),
      feed: Array.from({ length: 7 }, (_, k) => ({ uuid: `e${k + 1}` })),
    },
  });
  base = await api.start();
});
after(() => api.close());

const incrementalSource = () =>
  restApiSource(
    {
      client: { base_url: base },
      resources: [
        {
          name: 'events',
          primary_key: 'id',
          endpoint: { path: 'events', paginator: 'single_page', params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'updated_at', initial_value: ts(3) } },
        },
      ],
    },
    { runtime: FAST },
  );

test('second run requests from the last value and keeps only new rows (boundary dedup)', async () => {
  const state: SourcesState = {};
  const first = await drain(incrementalSource(), state);
  assert.deepEqual(first.rows.events!.map((r) => r.id), [3, 4, 5, 6, 7, 8, 9, 10]);
  const inc = (state.rest_api!.resources as Record<string, { incremental: Record<string, { last_value: string; unique_hashes: string[] }> }>).events!.incremental.updated_at!;
  assert.equal(inc.last_value, ts(10));
  assert.equal(inc.unique_hashes.length, 1);
  // nothing new: the API returns the boundary row again, dedup drops it
  const second = await drain(incrementalSource(), state);
  assert.equal(second.rows.events, undefined);
  assert.equal(api.requests.at(-1)!.query.since, ts(10));
  // new rows, one sharing the boundary timestamp
  api.collection('events').push({ id: 11, updated_at: ts(10) }, { id: 12, updated_at: ts(12) });
  const third = await drain(incrementalSource(), state);
  assert.deepEqual(third.rows.events!.map((r) => r.id), [11, 12]);
  api.collection('events').splice(10);
});

test('start_param / end_param with convert, and a stateless end_value window', async () => {
  const state: SourcesState = {};
  const src = restApiSource(
    {
      client: { base_url: base },
      resources: [
        {
          name: 'events',
          endpoint: {
            path: 'events',
            paginator: 'single_page',
            incremental: { cursor_path: 'updated_at', initial_value: ts(2), end_value: ts(5), start_param: 'since', end_param: 'until', convert: (v) => String(v) },
          },
        },
      ],
    },
    { runtime: FAST },
  );
  const { rows } = await drain(src, state);
  assert.deepEqual(rows.events!.map((r) => r.id), [2, 3, 4]);
  assert.equal(api.requests.at(-1)!.query.until, ts(5));
  assert.equal((state.rest_api!.resources as Record<string, Record<string, unknown>>).events!.incremental, undefined, 'end_value runs are stateless');
});

test('end_value: null (as a YAML/JSON config writes it) is no end: state is kept and the next run continues', async () => {
  const state: SourcesState = {};
  const mk = () =>
    restApiSource(
      {
        client: { base_url: base },
        resources: [
          {
            name: 'events',
            primary_key: 'id',
            endpoint: { path: 'events', paginator: 'single_page', incremental: { cursor_path: 'updated_at', initial_value: ts(8), end_value: null, start_param: 'since', end_param: 'until' } },
          },
        ],
      },
      { runtime: FAST },
    );
  assert.deepEqual((await drain(mk(), state)).rows.events!.map((r) => r.id), [8, 9, 10]);
  assert.equal(api.requests.at(-1)!.query.until, undefined, 'no end param is sent');
  await drain(mk(), state);
  assert.equal(api.requests.at(-1)!.query.since, ts(10), 'the second run starts from the stored last value');
});

test('legacy incremental param', async () => {
  const state: SourcesState = {};
  const mk = () =>
    restApiSource(
      { client: { base_url: base }, resources: [{ name: 'events', endpoint: { path: 'events', paginator: 'single_page', params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: ts(8) } } } }] },
      { runtime: FAST },
    );
  assert.deepEqual((await drain(mk(), state)).rows.events!.map((r) => r.id), [8, 9, 10]);
  assert.equal(api.requests.at(-1)!.query.since, ts(8));
  await drain(mk(), state);
  assert.equal(api.requests.at(-1)!.query.since, ts(10));
});

test('row_order desc stops requesting pages once rows fall below the start value', async () => {
  const state: SourcesState = { rest_api: { resources: { desc: { incremental: { n: { initial_value: 0, last_value: 14, unique_hashes: [] } } } } } };
  const before = api.requestsTo('/desc').length;
  const src = restApiSource(
    { client: { base_url: base }, resources: [{ name: 'desc', endpoint: { path: 'desc', paginator: { type: 'offset', limit: 5 }, incremental: { cursor_path: 'n', row_order: 'desc', range_start: 'open' } } }] },
    { runtime: FAST },
  );
  const { rows } = await drain(src, state);
  assert.deepEqual(rows.desc!.map((r) => r.n), [20, 19, 18, 17, 16, 15]);
  assert.equal(api.requestsTo('/desc').length - before, 2, 'the third page is never requested');
});

test('row_order on a dependent resource never cuts the next parent item short', async () => {
  const src = restApiSource(
    {
      client: { base_url: base },
      resources: [
        { name: 'repos', endpoint: { path: 'repos', paginator: 'single_page' } },
        {
          name: 'repo_events',
          endpoint: {
            path: 'repos/{resources.repos.id}/events',
            data_selector: 'data',
            paginator: { type: 'offset', limit: 2 },
            incremental: { cursor_path: 'n', initial_value: 25, row_order: 'desc' },
          },
        },
      ],
    },
    { runtime: FAST },
  );
  const { rows } = await drain(src);
  assert.deepEqual(
    rows.repo_events!.map((r) => r.id),
    ['1-60', '1-50', '1-40', '1-30', '2-60', '2-50', '2-40', '2-30'],
  );
});

test('lag re-reads behind the last value', async () => {
  const state: SourcesState = { rest_api: { resources: { events: { incremental: { updated_at: { initial_value: ts(1), last_value: ts(9), unique_hashes: [] } } } } } };
  const src = restApiSource(
    { client: { base_url: base }, resources: [{ name: 'events', endpoint: { path: 'events', paginator: 'single_page', params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'updated_at', lag: 120 } } }] },
    { runtime: FAST },
  );
  const { rows } = await drain(src, state);
  assert.deepEqual(rows.events!.map((r) => r.id), [7, 8, 9, 10]);
  assert.equal(api.requests.at(-1)!.query.since, ts(7));
});

test('{incremental.last_value} carries the lag as dlt\'s Incremental.last_value (it sent the un-lagged value: the lag window was never re-read)', async () => {
  const state: SourcesState = { rest_api: { resources: { events: { incremental: { updated_at: { initial_value: ts(1), last_value: ts(9), unique_hashes: [] } } } } } };
  const src = restApiSource(
    { client: { base_url: base }, resources: [{ name: 'events', endpoint: { path: 'events', paginator: 'single_page', params: { since: '{incremental.last_value}' }, incremental: { cursor_path: 'updated_at', lag: 120 } } }] },
    { runtime: FAST },
  );
  const { rows } = await drain(src, state);
  assert.equal(api.requests.at(-1)!.query.since, ts(7));
  assert.deepEqual(rows.events!.map((r) => r.id), [7, 8, 9, 10]);
});

test('boundary hashes are capped in state', async () => {
  const many: MockRecord[] = Array.from({ length: 1500 }, (_, k) => ({ id: k, updated_at: ts(30) }));
  api.collection('events').push(...many);
  const state: SourcesState = {};
  const src = restApiSource(
    { client: { base_url: base }, resources: [{ name: 'events', primary_key: 'id', endpoint: { path: 'events', paginator: 'single_page', incremental: { cursor_path: 'updated_at' } } }] },
    { runtime: FAST },
  );
  const { rows } = await drain(src, state);
  assert.equal(rows.events!.length, 1510);
  const inc = (state.rest_api!.resources as Record<string, { incremental: Record<string, { unique_hashes: string[] }> }>).events!.incremental.updated_at!;
  assert.equal(inc.unique_hashes.length, 1000);
  api.collection('events').splice(10);
});

test('resumable cursor: the next run continues from the saved feed cursor', async () => {
  const state: SourcesState = {};
  const mk = () =>
    restApiSource(
      {
        client: { base_url: base },
        resources: [
          {
            name: 'feed',
            endpoint: {
              path: 'feed',
              method: 'POST',
              json: { limit: 3 },
              data_selector: 'items',
              paginator: { type: 'cursor', cursor_path: 'cursor', cursor_body_path: 'cursor', has_more_path: 'has_more', resume: true },
            },
          },
        ],
      },
      { name: 'onepassword', runtime: FAST },
    );
  const first = await drain(mk(), state);
  assert.deepEqual(first.rows.feed!.map((r) => r.uuid), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  assert.equal((state.onepassword!.resources as Record<string, { resume_cursor: { cursor: string } }>).feed!.resume_cursor.cursor, '7');
  const second = await drain(mk(), state);
  assert.equal(second.rows.feed, undefined);
  api.collection('feed').push({ uuid: 'e8' }, { uuid: 'e9' });
  const third = await drain(mk(), state);
  assert.deepEqual(third.rows.feed!.map((r) => r.uuid), ['e8', 'e9']);
  assert.deepEqual(api.requestsTo('/feed').at(-1)!.body, { limit: 3, cursor: '7' });
});
