/**
 * The destination file was deleted after the pipeline loaded into it: every page still renders without
 * script errors or failed requests, the overview says plainly what happened, and nothing recreates the file.
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/index.js';
import { duckdb } from '../../src/index.js';
import { loadFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let dash: DashboardHandle;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  fx = await loadFixture(10);
  rmSync(fx.dbPath);
  dash = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: duckdb(fx.dbPath) });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage();
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`)));
});
after(async () => {
  await browser?.close();
  await dash?.close();
  if (fx) rmSync(fx.root, { recursive: true, force: true });
});

test('the overview says the destination was deleted; no page has errors; the file is not recreated', async () => {
  await page.goto(dash.url + '#/overview');
  await page.waitForSelector('body[data-page="overview"]');
  const problem = await page.locator('#destination-problem').innerText();
  assert.match(problem, /shop\.duckdb does not exist, although 2 loads of this pipeline went to its destination: the file was deleted or moved/);
  assert.match(problem, /schema, state and trace pages still work/);
  for (const route of ['loads', 'schema', 'data', 'data/events', 'data/sql', 'state']) {
    await page.goto(dash.url + '#/' + route);
    await page.waitForSelector(`body[data-page="${route.split('/')[0]}"]`);
    await page.waitForLoadState('networkidle');
  }
  assert.match(await page.locator('#content').innerText(), /incremental/, 'the state page shows the local state');
  assert.deepEqual(problems, []);
  assert.equal(existsSync(fx.dbPath), false);
});
