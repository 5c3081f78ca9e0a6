/**
 * The dashboard in real headless Chromium: every page against a pipeline loaded into a temp DuckDB.
 * Screenshots land in test-artifacts/dashboard/<page>.png (gitignored) for a human look.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/index.js';
import { duckdb, pipeline } from '../../src/index.js';
import { loadFixture, SECRET_VALUE, type Fixture } from './fixture.js';

const SHOTS = join(process.cwd(), 'test-artifacts', 'dashboard');
const CHROMIUM = '/usr/bin/chromium';
/** The one DOM call the page functions below make (they run in Chromium; this project's lib has no DOM). */
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

let fx: Fixture;
let dash: DashboardHandle;
let browser: Browser;
let page: Page;
/** Every response body the browser saw, to check that the secret appears in none. */
const bodies: { url: string; body: string }[] = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fx = await loadFixture();
  dash = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: duckdb(fx.dbPath), port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('response', async (r) => {
    try {
      bodies.push({ url: r.url(), body: (await r.body()).toString('utf8') });
    } catch {
      // redirects and aborted requests have no body
    }
  });
  page.on('pageerror', (e) => bodies.push({ url: 'pageerror', body: `PAGE ERROR ${e.message}` }));
});

after(async () => {
  await browser?.close();
  await dash?.close();
  if (fx) rmSync(fx.root, { recursive: true, force: true });
});

async function open(route: string, pageName: string): Promise<void> {
  await page.goto(dash.url + '#/' + route);
  await page.waitForSelector(`body[data-page="${pageName}"]`);
}
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
const text = (sel: string) => page.locator(sel).innerText();

test('serves on 127.0.0.1 with a free port', () => {
  assert.match(dash.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.ok(existsSync(CHROMIUM));
});

test('overview: pipeline, masked destination, dataset, working dir, last run, packages', async () => {
  await open('overview', 'overview');
  const body = await text('#content');
  assert.match(body, /shop_dataset/);
  assert.match(await text('#destination-location'), /^duckdb:\/.*shop\.duckdb$/);
  assert.equal(await text('#working-dir'), join(fx.pipelinesDir, 'shop'));
  const steps = await text('#run-steps');
  for (const s of ['extract', 'normalize', 'load']) assert.match(steps, new RegExp(s));
  const rows = await text('#rows-per-table');
  assert.match(rows, /users\s+2\s+5/, 'users: 2 loaded in the last run, 5 in the destination');
  assert.match(rows, /events\s+50,000\s+100,000/);
  assert.match(rows, /users__addresses__tags/);
  assert.match(body, /No pending packages/);
  assert.match(body, /No failed jobs/);
  assert.match(await text('#overview-stats'), /completed/);
  await shot('overview');
});

test('loads: history from _dlt_loads with schema version and rows per table, and a chart', async () => {
  await open('loads', 'loads');
  const rows = page.locator('#loads-table tbody tr');
  assert.equal(await rows.count(), 2);
  const newest = await rows.nth(0).innerText();
  const oldest = await rows.nth(1).innerText();
  assert.match(newest, /loaded/);
  assert.match(newest, /v\d+/);
  assert.match(oldest, /users 3/);
  assert.match(oldest, /users__addresses 3/);
  assert.match(oldest, /users__addresses__tags 3/);
  assert.match(newest, /users 2/);
  assert.match(newest, /events 50,000/);
  assert.match(newest, /50,004/, 'total rows of the second load');
  assert.ok((await page.locator('#loads-chart svg rect').count()) >= 4, 'stacked bars drawn');
  assert.match(await text('#loads-chart .legend'), /events/);
  await shot('loads');
});

test('schema: table tree, columns with types and hints, toggles, diagram, versions, YAML', async () => {
  await open('schema', 'schema');
  const tree = await text('#schema-tree');
  for (const t of ['users', 'users__addresses', 'users__addresses__tags', 'events']) assert.match(tree, new RegExp(`\\b${t}\\b`));
  const users = await text('#table-users');
  assert.match(users, /id\s+bigint\s+no\s+primary_key/);
  assert.match(users, /name\s+text/);
  assert.match(users, /updated_at\s+timestamp/);
  assert.match(users, /write: merge/);
  assert.doesNotMatch(users, /_dlt_id/, '_dlt columns hidden by default');
  assert.match(await text('#table-users__addresses'), /child of users/);
  assert.ok((await page.locator('#schema-diagram svg g.tbox').count()) >= 4);
  assert.ok((await page.locator('#schema-diagram svg path').count()) >= 2, 'parent links drawn');
  assert.ok((await page.locator('#schema-versions tbody tr').count()) >= 1);
  assert.match(await text('#schema-version-history'), /current/);
  await shot('schema');

  await page.check('#toggle-dlt');
  assert.match(await text('#table-users'), /_dlt_id\s+text\s+no\s+.*row_key/);
  assert.match(await text('#table-users__addresses'), /_dlt_parent_id/);
  await page.uncheck('#toggle-children');
  assert.equal(await page.locator('#table-users__addresses').count(), 0);
  assert.equal(await page.locator('#table-users').count(), 1);
  await page.check('#toggle-children');

  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-yaml')]);
  const yaml = readFileSync((await dl.path())!, 'utf8');
  assert.match(dl.suggestedFilename(), /shop\.schema\.yaml/);
  assert.match(yaml, /users__addresses__tags:/);
  assert.match(yaml, /version_hash:/);
});

test('data: browse a big table with server-side paging, sorting and filters; export CSV', async () => {
  await open('data/events', 'data');
  await page.waitForSelector('#table-browser[aria-busy="false"]');
  assert.match(await text('#table-list'), /events\s+100,000/);
  assert.match(await text('#page-info'), /1–50 of 100,000 rows/);
  assert.equal(await page.locator('#data-grid tbody tr').count(), 50);
  const headers = await page.locator('#data-grid thead tr').first().innerText();
  for (const c of ['event_id', 'kind', 'amount', 'at']) assert.match(headers, new RegExp(c));
  assert.match(headers, /double/);

  const t0 = Date.now();
  const tableUrls: string[] = [];
  const onRequest = (r: { url(): string }) => r.url().includes('/api/table?') && tableUrls.push(r.url());
  page.on('request', onRequest);
  await page.click('#next-page');
  await page.waitForFunction(() => document.querySelector('#page-info')?.textContent?.startsWith('51–100'));
  assert.ok(Date.now() - t0 < 3000, 'paging is fast');
  const second = await page.locator('#data-grid tbody tr').first().innerText();
  await page.click('#next-page');
  await page.waitForFunction(() => document.querySelector('#page-info')?.textContent?.startsWith('101–150'));
  await page.click('#prev-page');
  await page.waitForFunction(() => document.querySelector('#page-info')?.textContent?.startsWith('51–100'));
  assert.equal(await page.locator('#data-grid tbody tr').first().innerText(), second, 'Prev shows the page Next showed');
  page.off('request', onRequest);
  assert.deepEqual(tableUrls.map((u) => new URL(u).searchParams).map((q) => [q.get('offset'), q.has('after'), q.has('before')]), [['50', true, false], ['100', true, false], ['50', false, true]], 'Next and Prev page by keyset');

  await page.click('#data-grid th[data-col="event_id"]');
  await page.waitForFunction(() => document.querySelector('#data-grid th[data-col="event_id"]')?.textContent?.includes('▲'));
  await page.click('#data-grid th[data-col="event_id"]');
  await page.waitForFunction(() => document.querySelector('#data-grid th[data-col="event_id"]')?.textContent?.includes('▼'));
  assert.equal(await page.locator('#data-grid tbody tr').first().locator('td').first().innerText(), '99999');

  await page.fill('#data-grid [data-filter="kind"]', 'purch');
  await page.waitForFunction(() => /of 33,333 rows/.test(document.querySelector('#page-info')?.textContent ?? ''));
  await page.fill('#data-grid [data-filter="event_id"]', '<30');
  await page.waitForFunction(() => /1–10 of 10 rows/.test(document.querySelector('#page-info')?.textContent ?? ''));
  await shot('data');

  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-table-csv')]);
  const csv = readFileSync((await dl.path())!, 'utf8').trim().split('\r\n');
  assert.equal(csv[0], 'event_id,kind,amount,at,_dlt_load_id,_dlt_id');
  assert.equal(csv.length, 11);
  assert.ok(csv.slice(1).every((l) => l.includes(',purchase,')));

  await open('data/users', 'data');
  await page.waitForSelector('#table-browser[aria-busy="false"]');
  assert.match(await text('#page-info'), /1–5 of 5 rows/);
  assert.match(await text('#data-grid'), /Barbara Liskov/);
  assert.match(await text('#data-grid'), /token \*\*\* was used/, 'the secret in a row is masked');
  await shot('data-users');
});

test('data: a filter that matches no row keeps the header and its filter box, so it can be changed back', async () => {
  await open('data/users', 'data');
  await page.waitForSelector('#table-browser[aria-busy="false"]');
  await page.fill('#data-grid [data-filter="name"]', 'nobody-has-this-name');
  await page.waitForFunction(() => /0–0 of 0 rows/.test(document.querySelector('#page-info')?.textContent ?? ''));
  assert.match(await text('#table-browser'), /No rows match/);
  const headers = await page.locator('#data-grid thead tr').first().innerText();
  for (const c of ['id', 'name', 'email']) assert.match(headers, new RegExp(c));
  assert.equal(await page.locator('#data-grid [data-filter="name"]').inputValue(), 'nobody-has-this-name');
  await page.fill('#data-grid [data-filter="name"]', '');
  await page.waitForFunction(() => /1–5 of 5 rows/.test(document.querySelector('#page-info')?.textContent ?? ''));
});

test('SQL editor: runs a read, exports CSV, refuses DROP and leaves the table alone', async () => {
  await open('data/sql', 'data');
  await page.fill('#sql-input', 'SELECT id, name FROM users ORDER BY id');
  await page.click('#run-sql');
  await page.waitForSelector('#sql-grid');
  assert.equal(await page.locator('#sql-grid tbody tr').count(), 5);
  assert.match(await text('#sql-grid thead'), /id\s+name/);
  assert.match(await text('#sql-grid'), /Ada Lovelace/);
  assert.match(await text('#sql-status'), /5 rows/);
  await shot('sql');

  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-sql-csv')]);
  const csv = readFileSync((await dl.path())!, 'utf8');
  assert.equal(csv.split('\r\n')[0], 'id,name');
  assert.match(csv, /^1,Ada Lovelace$/m);

  await page.fill('#sql-input', 'DROP TABLE users');
  await page.click('#run-sql');
  await page.waitForSelector('#sql-result [role="alert"]');
  const refusal = await text('#sql-result [role="alert"]');
  assert.match(refusal, /Refused: DROP is not allowed/);
  await shot('sql-refused');

  for (const sql of ['SELECT 1; DROP TABLE users', 'DELETE FROM users', "COPY users TO 'x.csv'", 'ATTACH \'x.duckdb\' AS x']) {
    const r = await fetch(dash.url + 'api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) });
    assert.equal(r.status, 400, sql);
    assert.equal(((await r.json()) as { refused?: boolean }).refused, true, sql);
  }
  const count = await pipeline({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: duckdb(fx.dbPath) }).dataset().table('users').count();
  assert.equal(count, 5, 'users still has its rows');
});

test('state: incremental cursor and resource state as a JSON tree, secrets masked', async () => {
  await open('state', 'state');
  const cursors = await text('#cursors');
  assert.match(cursors, /users\s+updated_at\s+"2024-03-05T12:30:00Z"/);
  const tree = await text('#state-tree');
  assert.match(tree, /incremental/);
  assert.match(tree, /pages_read: 2/);
  assert.match(tree, /Bearer \*\*\*/);
  assert.match(await text('#remote-state'), /matches local/);
  await page.locator('#state-tree details').first().evaluate((d) => ((d as unknown as { open: boolean }).open = false));
  assert.equal(await page.locator('#state-tree .kids').first().isVisible(), false);
  await page.locator('#state-tree details').first().evaluate((d) => ((d as unknown as { open: boolean }).open = true));
  await shot('state');
});

test('the secret appears in no response, and the page had no script errors', async () => {
  for (const path of ['api/overview', 'api/loads', 'api/schema', 'api/tables', 'api/state', 'api/schema.yaml', 'api/table?table=users&count=1', 'api/table.csv?table=users']) {
    const r = await fetch(dash.url + path);
    assert.equal(r.status, 200, path);
    bodies.push({ url: path, body: await r.text() });
  }
  const q = await fetch(dash.url + 'api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT * FROM users' }) });
  bodies.push({ url: 'query', body: await q.text() });
  assert.ok(bodies.length > 20);
  const leaks = bodies.filter((b) => b.body.includes(SECRET_VALUE)).map((b) => b.url);
  assert.deepEqual(leaks, []);
  assert.ok(bodies.some((b) => b.body.includes('token *** was used')), 'the masked form is what was sent');
  assert.deepEqual(bodies.filter((b) => b.url === 'pageerror'), []);
});

test('refuses foreign Host headers and cross-site posts', async () => {
  const { request } = await import('node:http');
  const u = new URL(dash.url);
  const status = (headers: Record<string, string>, method = 'GET', path = '/api/overview') =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(method === 'POST' ? JSON.stringify({ sql: 'SELECT 1' }) : undefined);
    });
  assert.equal(await status({ host: 'evil.example:80' }), 421);
  assert.equal(await status({ host: u.host, origin: 'http://evil.example', 'content-type': 'application/json' }, 'POST', '/api/query'), 403);
  assert.equal(await status({ host: u.host, 'content-type': 'text/plain' }, 'POST', '/api/query'), 415);
  assert.equal(await status({ host: u.host, 'content-type': 'application/json' }, 'POST', '/api/query'), 200);
});

test('overview lists a pending package after extract + normalize without load', async () => {
  const p = pipeline({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: duckdb(fx.dbPath) });
  await p.extract([{ id: 1, sku: 'A-1' }, { id: 2, sku: 'B-2' }], { table_name: 'products' });
  await p.normalize();
  const pendingId = p.pendingPackages()[0]!.loadId;
  await open('overview', 'overview');
  const pending = await text('#pending-packages');
  assert.match(pending, new RegExp(pendingId.replace('.', '\\.')));
  assert.match(pending, /new \d\s+2$/, 'jobs waiting, 2 rows');
  assert.match(await text('#overview-stats'), /100,013/, 'a table not loaded yet does not break the counts');
  assert.match(await text('#rows-per-table'), /products\s+2\s+—/);
  await open('data/users', 'data');
  assert.match(await text('#table-list'), /events\s+100,000/);
  await open('loads', 'loads');
  assert.equal(await page.locator('#loads-table tbody tr').count(), 2);
  assert.equal(await page.locator('#content [role="alert"]').count(), 0);
  await open('overview', 'overview');
  await shot('overview-pending');
});
