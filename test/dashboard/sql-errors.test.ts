/**
 * The SQL editor's error messages, as the user reads them in the browser: the database's message keeps
 * its lines (so the `^` marker points at the mistake) and names the line the user wrote; a statement the
 * dashboard does not know is called that, not a write.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/index.js';
import { duckdb } from '../../src/index.js';
import { loadFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let dash: DashboardHandle;
let browser: Browser;
let page: Page;

before(async () => {
  fx = await loadFixture(10);
  dash = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: duckdb(fx.dbPath) });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await dash?.close();
  if (fx) rmSync(fx.root, { recursive: true, force: true });
});

async function run(sql: string): Promise<string> {
  await page.goto(dash.url + '#/data/sql');
  await page.waitForSelector('body[data-page="data"]');
  await page.fill('#sql-input', sql);
  await page.click('#run-sql');
  await page.waitForSelector('#sql-result [role="alert"]');
  return page.locator('#sql-result [role="alert"]').innerText();
}

test('a database error keeps its lines and names the line the user wrote', async () => {
  const msg = await run('SELECT id,\n  nope\nFROM users');
  assert.match(msg, /^Query failed: Binder Error: Referenced column "nope" not found/);
  assert.match(msg, /\nLINE 2:\s+nope\n\s+\^/, JSON.stringify(msg));
});

test('an error on the first line shows the line as the user wrote it, not the wrapper the dashboard adds', async () => {
  const msg = await run('SELECT nope FROM users');
  assert.doesNotMatch(msg, /sluice_query|SELECT \* FROM \(/, JSON.stringify(msg));
  assert.match(msg, /\nLINE 1: SELECT nope FROM users\n {15}\^/, JSON.stringify(msg));
});

test('a misspelt statement is called unknown, not a write', async () => {
  const msg = await run('SELEC id FROM users');
  assert.match(msg, /^Refused: SELEC is not a statement the dashboard runs\./);
  assert.doesNotMatch(msg, /never changes data/);
  assert.match(await run('SET threads = 1'), /^Refused: SET is not allowed: the dashboard never changes data/);
});
