import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource, source, LoadInfo, PipelineStepFailed } from '../../src/index.js';
import { tempDir, tempPipeline } from '../helpers.js';

const users = [
  { id: 1, name: 'Ann', createdAt: '2024-01-01T10:00:00Z', profile: { city: 'Oslo' }, roles: ['admin', 'dev'], devices: [{ kind: 'key', aaguids: ['x1'] }] },
  { id: 2, name: 'Bob', createdAt: '2024-01-02T10:00:00Z', profile: { city: 'Rome' }, roles: [], devices: [] },
];

test('a run loads typed relational tables with parent/child links and prints the dlt load report', async () => {
  const { p } = tempPipeline('report_pipeline');
  const info = await p.run(resource(users, { name: 'users', primary_key: 'id' }));
  const text = String(info);
  const lines = text.split('\n');
  assert.match(lines[0]!, /^Pipeline report_pipeline load step completed in \d+\.\d\d seconds$/);
  assert.equal(lines[1], '1 load package(s) were loaded to destination duckdb and into dataset report_pipeline_data');
  assert.match(lines[2]!, /^The duckdb destination used duckdb:\/.*report_pipeline\.duckdb location to store data$/);
  assert.match(lines[3]!, /^Load package \d{10}\.\d{6} is LOADED and contains no failed jobs$/);

  const ds = p.dataset();
  assert.deepEqual(await ds.rowCounts(), { users: 2, users__roles: 2, users__devices: 1, users__devices__aaguids: 1 });
  const cols = await ds.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'report_pipeline_data' AND table_name = 'users' ORDER BY ordinal_position`);
  assert.deepEqual(Object.fromEntries(cols.map((c) => [c.column_name, c.data_type])), {
    id: 'BIGINT', name: 'VARCHAR', created_at: 'TIMESTAMP WITH TIME ZONE', profile__city: 'VARCHAR', _dlt_load_id: 'VARCHAR', _dlt_id: 'VARCHAR',
  });
  const linked = await ds.query(`SELECT u.name, r.value FROM users u JOIN users__roles r ON r._dlt_parent_id = u._dlt_id ORDER BY r._dlt_list_idx`);
  assert.deepEqual(linked, [{ name: 'Ann', value: 'admin' }, { name: 'Ann', value: 'dev' }]);
  const deep = await ds.query(`SELECT a.value FROM users__devices d JOIN users__devices__aaguids a ON a._dlt_parent_id = d._dlt_id`);
  assert.deepEqual(deep, [{ value: 'x1' }]);
  assert.equal((await ds.table('users').where('name', '=', 'Bob').rows())[0]!.profile__city, 'Rome');
  assert.equal(await ds.table('users').count(), 2);
  const loads = await ds.loads();
  assert.equal(loads.length, 1);
  assert.equal(loads[0]!.status, 0);
  assert.ok(p.lastTrace!.steps.map((s) => s.step).join() === 'extract,normalize,load');
  assert.deepEqual(p.lastTrace!.steps[1]!.counts.users, 2);
});

test('append, replace and merge (delete-insert and upsert) over several runs', async () => {
  const { p } = tempPipeline('wd_pipeline');
  const mk = (rows: unknown[], wd: any) => resource(rows, { name: 'items', primary_key: 'id', write_disposition: wd });
  await p.run(mk([{ id: 1, v: 'a' }], 'append'));
  await p.run(mk([{ id: 1, v: 'a' }], 'append'));
  assert.equal(await p.dataset().table('items').count(), 2);

  await p.run(mk([{ id: 5, v: 'r', tags: ['t'] }], 'replace'));
  assert.deepEqual((await p.dataset().query('SELECT id FROM items')).map((r) => r.id), [5]);
  await p.run(mk([{ id: 6, v: 'r2', tags: ['u', 'w'] }], { disposition: 'replace', strategy: 'insert-from-staging' }));
  assert.deepEqual((await p.dataset().query('SELECT id FROM items')).map((r) => r.id), [6]);
  assert.equal(await p.dataset().table('items__tags').count(), 2);

  // merge: updates replace rows and their children; duplicates within a load are deduplicated
  const mm = (rows: unknown[]) => resource(rows, { name: 'merged', primary_key: 'id', write_disposition: 'merge' });
  await p.run(mm([{ id: 6, v: 'old', tags: ['u', 'w'] }, { id: 8, v: 'keep', tags: ['k'] }]));
  await p.run(mm([{ id: 6, v: 'new', tags: ['z'] }, { id: 7, v: 'x', tags: [] }, { id: 7, v: 'x', tags: [] }]));
  const rows = await p.dataset().query('SELECT id, v FROM merged ORDER BY id');
  assert.deepEqual(rows, [{ id: 6, v: 'new' }, { id: 7, v: 'x' }, { id: 8, v: 'keep' }]);
  assert.deepEqual((await p.dataset().query('SELECT value FROM merged__tags ORDER BY value')).map((r) => r.value), ['k', 'z']);

  const up = (rows: unknown[]) => resource(rows, { name: 'things', primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'upsert' } });
  await p.run(up([{ id: 1, v: 'a', l: [1, 2] }, { id: 2, v: 'b', l: [] }]));
  await p.run(up([{ id: 1, v: 'A', l: [3] }]));
  assert.deepEqual(await p.dataset().query('SELECT id, v FROM things ORDER BY id'), [{ id: 1, v: 'A' }, { id: 2, v: 'b' }]);
  assert.deepEqual((await p.dataset().query('SELECT value FROM things__l')).map((r) => r.value), [3]);
});

test('schema evolves over runs: new column, new child table, variant column; versions recorded', async () => {
  const { p } = tempPipeline('evolve_pipeline');
  const r = (rows: unknown[]) => resource(rows, { name: 'events' });
  await p.run(r([{ id: 1, kind: 'a' }]));
  const v1 = p.defaultSchema!.version;
  await p.run(r([{ id: 2, kind: 'b', extra: true }]));
  await p.run(r([{ id: 3, kind: 'c', items: [{ n: 1 }] }]));
  await p.run(r([{ id: 'four', kind: 'd' }]));
  const cols = (await p.dataset().query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema='evolve_pipeline_data' AND table_name='events'`)).map((c) => `${c.column_name}:${c.data_type}`);
  assert.ok(cols.includes('extra:BOOLEAN'));
  assert.ok(cols.includes('id__v_text:VARCHAR'));
  assert.deepEqual(await p.dataset().query(`SELECT id, id__v_text FROM events ORDER BY _dlt_load_id`), [
    { id: 1, id__v_text: null }, { id: 2, id__v_text: null }, { id: 3, id__v_text: null }, { id: null, id__v_text: 'four' },
  ]);
  assert.equal(await p.dataset().table('events__items').count(), 1);
  assert.ok(p.defaultSchema!.version > v1);
  const versions = await p.dataset().query('SELECT version, version_hash FROM _dlt_version ORDER BY version');
  assert.ok(versions.length >= 3);
  assert.equal(versions.at(-1)!.version_hash, p.defaultSchema!.versionHash);
  assert.match(p.defaultSchema!.export('yaml'), /events__items:/);
});

test('resource state is saved with the data and restored from DuckDB when the working dir is gone', async () => {
  const { p, dir, dbPath } = tempPipeline('state_pipeline');
  const feed = () =>
    resource(
      async function* (ctx) {
        const from = (ctx.resourceState.last_id as number | undefined) ?? 0;
        const rows = [1, 2, 3, 4, 5].filter((i) => i > from).map((id) => ({ id }));
        if (rows.length) ctx.resourceState.last_id = rows.at(-1)!.id;
        yield rows;
      },
      { name: 'feed' },
    );
  await p.run(source('feed_source', [feed()]));
  assert.equal((p.state.sources.feed_source as any).resources.feed.last_id, 5);
  const stored = await p.dataset().query('SELECT count(*) AS n FROM _dlt_pipeline_state');
  assert.equal(stored[0]!.n, 1);
  rmSync(join(dir, 'pipelines'), { recursive: true, force: true });

  const p2 = pipeline({ pipelineName: 'state_pipeline', destination: { type: 'duckdb', path: dbPath }, datasetName: 'state_pipeline_data', pipelinesDir: join(dir, 'pipelines') });
  await p2.run(source('feed_source', [feed()]));
  assert.equal(await p2.dataset().table('feed').count(), 5, 'state restored: nothing re-extracted');
  assert.equal(p2.defaultSchema?.tables.feed?.columns.id?.data_type, 'bigint', 'schema restored');
});

test('extract, normalize and load run as separate steps', async () => {
  const { p } = tempPipeline('steps_pipeline');
  await p.extract(resource([{ a: 1, l: [1, 2] }], { name: 't' }));
  assert.equal(p.pendingPackages().length, 0);
  const n = await p.normalize();
  assert.deepEqual(n.rowCounts, { t: 1, t__l: 2 });
  assert.equal(p.pendingPackages().length, 1);
  const info = await p.load();
  assert.ok(info instanceof LoadInfo);
  assert.equal(await p.dataset().table('t__l').count(), 2);
});

test("a source's max_table_nesting holds with separate extract() and normalize() as with run()", async () => {
  for (const separate of [false, true]) {
    const { p } = tempPipeline(separate ? 'nesting_steps' : 'nesting_run');
    const s = source('s', [resource([{ id: 1, a: { b: 1 }, l: [1] }], { name: 't' })], { max_table_nesting: 0 });
    if (separate) {
      await p.extract(s);
      await p.normalize();
      await p.load();
    } else await p.run(s);
    assert.deepEqual(await p.dataset().rowCounts(), { t: 1 }, `separate: ${separate}`);
    assert.equal(p.defaultSchema!.tables.t!.columns.a!.data_type, 'json');
  }
});

test('a pending package is loaded first by the next run; loading a package twice adds nothing', async () => {
  const { p, dir, dbPath } = tempPipeline('pending_pipeline');
  await p.extract(resource([{ id: 1 }, { id: 2 }], { name: 't' }));
  await p.normalize();
  const pkgDir = p.pendingPackages()[0]!.dir;
  await p.load();
  // simulate a crash after the destination commit but before bookkeeping: put the package back
  const loadedDir = join(dir, 'pipelines', 'pending_pipeline', 'load', 'loaded');
  const id = readdirSync(loadedDir)[0]!;
  rmSync(pkgDir, { recursive: true, force: true });
  const { cpSync } = await import('node:fs');
  cpSync(join(loadedDir, id), pkgDir, { recursive: true });
  rmSync(join(loadedDir, id), { recursive: true });
  const p2 = pipeline({ pipelineName: 'pending_pipeline', destination: { type: 'duckdb', path: dbPath }, datasetName: 'pending_pipeline_data', pipelinesDir: join(dir, 'pipelines') });
  assert.equal(p2.pendingPackages().length, 1);
  const info = await p2.run(resource([{ id: 3 }], { name: 't' }));
  assert.equal(info.loadPackages.length, 2);
  assert.equal(await p2.dataset().table('t').count(), 3);
  assert.ok(existsSync(join(loadedDir, id)));
});

test('an extraction error commits no package and does not advance state', async () => {
  const { p } = tempPipeline('fail_pipeline');
  const bad = resource(
    async function* (ctx) {
      ctx.resourceState.cursor = 'advanced';
      yield [{ id: 1 }];
      throw new Error('upstream went away');
    },
    { name: 'bad' },
  );
  await assert.rejects(p.run(source('s', [bad])), (e: unknown) => e instanceof PipelineStepFailed && /resource bad: upstream went away/.test(e.message));
  assert.equal(p.pendingPackages().length, 0);
  assert.equal((p.state.sources.s as any)?.resources?.bad?.cursor, undefined);
});

test('a freeze contract violation fails the run with a clear message and leaves no package', async () => {
  const { p } = tempPipeline('freeze_pipeline');
  await p.run(resource([{ id: 1 }], { name: 't' }));
  await assert.rejects(p.run(resource([{ id: 2, surprise: 1 }], { name: 't', schema_contract: 'freeze' })), (e: unknown) => e instanceof PipelineStepFailed && /contract 'freeze' on columns: table 't' has no column 'surprise'/.test(e.message));
  assert.equal(p.pendingPackages().length, 0);
  assert.equal(await p.dataset().table('t').count(), 1);
});

test('plain data needs a table name; the error says how to give one', async () => {
  const { p } = tempPipeline('plain_pipeline');
  await assert.rejects(p.run([{ a: 1 }]), /table_name/);
  await p.run([{ a: 1 }], { table_name: 'plain' });
  assert.equal(await p.dataset().table('plain').count(), 1);
});

test('a destination that cannot be opened fails the run with the path, before anything is extracted', async () => {
  const { dir } = tempPipeline('x');
  // A folder on the path is a file: neither the folder nor the database can be made.
  writeFileSync(join(dir, 'not-a-dir'), '');
  const p = pipeline({ pipelineName: 'locked', destination: { type: 'duckdb', path: join(dir, 'not-a-dir', 'db.duckdb') }, datasetName: 'd', pipelinesDir: join(dir, 'pipelines') });
  await assert.rejects(p.run(resource([{ a: 1 }], { name: 't' })), /cannot open DuckDB database .*not-a-dir\/db\.duckdb/);
  assert.equal(p.pendingPackages().length, 0);
});

test('a DuckDB file locked by another process: the load fails naming the file and the lock; the next run loads the package once', async () => {
  const { p, dbPath } = tempPipeline('locked_pipeline');
  await p.run(resource([{ id: 1 }], { name: 't' }));
  // Shortly after the run the file is released: another process opens it for writing, and holds it.
  const holder = spawn(process.execPath, ['-e', `
    const { DuckDBInstance } = require('@duckdb/node-api');
    const open = () => DuckDBInstance.create(${JSON.stringify(dbPath)}).then(async (db) => { await db.connect(); process.stdout.write('ready\\n'); }, () => setTimeout(open, 50));
    open();
    process.stdin.on('end', () => process.exit(0)); process.stdin.resume();
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  const again = p;
  try {
    await assert.rejects(again.run(resource([{ id: 2 }], { name: 't' })), (e: Error) => {
      assert.match(e.message, new RegExp(dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(e.message, /lock/i);
      assert.match(e.message, /stays pending/);
      return true;
    });
    assert.equal(again.pendingPackages().length, 1);
  } finally {
    holder.stdin.end();
    await new Promise((resolve) => holder.once('exit', resolve));
  }
  await again.run(resource([{ id: 3 }], { name: 't' }));
  const ids = (await again.dataset().query('SELECT id FROM t ORDER BY id')).map((r) => Number(r.id));
  assert.deepEqual(ids, [1, 2, 3]);
});

test('ISO timestamps load with and without seconds, with Z, ±HH:MM, ±HHMM or ±HH offsets; impossible dates stay text', async () => {
  const { p } = tempPipeline('ts_pipeline');
  const at = ['2024-05-01T10:00Z', '2024-05-01 10:00:30+02:00', '2024-05-01T10:00:30.5-0130', '2024-05-01T10:00:00-04', '2024-02-29T00:00:00Z'];
  await p.run(resource(at.map((t, i) => ({ i, at: t, bad: i === 0 ? '2023-02-29T10:00:00Z' : '2024-04-31T10:00:00Z' })), { name: 'times' }));
  const rows = await p.dataset().query(`SELECT i, strftime(timezone('UTC', "at"), '%Y-%m-%d %H:%M:%S') AS utc, typeof(bad) AS bad_type FROM times ORDER BY i`);
  assert.deepEqual(rows.map((r) => r.utc), ['2024-05-01 10:00:00', '2024-05-01 08:00:30', '2024-05-01 11:30:30', '2024-05-01 14:00:00', '2024-02-29 00:00:00']);
  assert.deepEqual(new Set(rows.map((r) => r.bad_type)), new Set(['VARCHAR']));
});

test('a dataset named like the database file (pipeline crm, dataset crm, crm.duckdb) loads, merges and is queried', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'sluice-crm-'));
  const p = pipeline({ pipelineName: 'crm', destination: { type: 'duckdb', path: join(dir, 'crm.duckdb') }, datasetName: 'crm', pipelinesDir: join(dir, 'pipelines') });
  await p.run(resource(users, { name: 'users', primary_key: 'id', write_disposition: 'merge' }));
  await p.run(resource([{ ...users[0]!, name: 'Ann B.' }], { name: 'users', primary_key: 'id', write_disposition: 'merge' }));
  assert.deepEqual(await p.dataset().query('SELECT id, name FROM crm.users ORDER BY id'), [{ id: 1, name: 'Ann B.' }, { id: 2, name: 'Bob' }]);
  assert.deepEqual(await p.dataset().rowCounts(), { users: 2, users__roles: 2, users__devices: 1, users__devices__aaguids: 1 });
  // `memory` is the name of DuckDB's in-memory catalog.
  const m = pipeline({ pipelineName: 'mem', destination: { type: 'duckdb', path: join(dir, 'shop.duckdb') }, datasetName: 'memory', pipelinesDir: join(dir, 'pipelines') });
  await m.run(resource([{ id: 1 }], { name: 'items' }));
  assert.equal(await m.dataset().table('items').count(), 1);
  rmSync(dir, { recursive: true, force: true });
});

test('the dataset name is normalized to snake_case for the DuckDB schema, as dlt does', async () => {
  const dir = tempDir();
  for (const [given, physical] of [['My Data', 'my_data'], ['crm-sync_dataset', 'crm_sync_dataset']] as const) {
    const p = pipeline({ pipelineName: 'named', destination: { type: 'duckdb', path: join(dir, 'named.duckdb') }, datasetName: given, pipelinesDir: join(dir, physical) });
    const info = await p.run(resource([{ id: 1 }], { name: 't' }));
    assert.equal(p.datasetName, physical);
    assert.match(String(info), new RegExp(`into dataset ${physical}\\n`));
    const [r] = await p.dataset().query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '${physical}' AND table_name = 't'`);
    assert.equal(r!.n, 1);
  }
  const dashed = pipeline({ pipelineName: 'crm-sync', destination: { type: 'duckdb', path: join(dir, 'named.duckdb') }, pipelinesDir: join(dir, 'default') });
  assert.equal(dashed.datasetName, 'crm_sync_dataset');
});

test('a pipeline that loaded into a dataset name as given, before names were normalized, keeps loading there', async () => {
  const dir = tempDir();
  const opts = { pipelineName: 'crm-sync', destination: { type: 'duckdb', path: join(dir, 'crm.duckdb') }, pipelinesDir: join(dir, 'pipelines') } as const;
  const first = pipeline(opts);
  await first.run(resource([{ id: 1 }], { name: 't' }));
  // What an earlier sluice left: the state names the dataset as given, and the data is there.
  const stateFile = join(dir, 'pipelines', 'crm-sync', 'state.json');
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  assert.equal(state.dataset_name, 'crm_sync_dataset');
  writeFileSync(stateFile, JSON.stringify({ ...state, dataset_name: 'crm-sync_dataset' }));
  const again = pipeline(opts);
  assert.equal(again.datasetName, 'crm-sync_dataset');
  const info = await again.run(resource([{ id: 2 }], { name: 't' }));
  assert.match(String(info), /into dataset crm-sync_dataset\n/);
  const [r] = await again.dataset().query('SELECT count(*) AS n FROM "crm-sync_dataset".t');
  assert.equal(r!.n, 1);
});

test('the default DuckDB file stays in the directory of the first run when a later run starts elsewhere', async () => {
  const first = tempDir();
  const elsewhere = tempDir();
  const pipelinesDir = join(tempDir(), 'pipelines');
  const cwd = process.cwd();
  const items = (from: number, to: number) => resource(Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i })), { name: 'items', incremental: { cursor_path: 'id' } });
  try {
    process.chdir(first);
    await pipeline({ pipelineName: 'moved', pipelinesDir }).run(items(1, 3));
    process.chdir(elsewhere);
    const p = pipeline({ pipelineName: 'moved', pipelinesDir });
    await p.run(items(1, 5));
    assert.ok(!existsSync(join(elsewhere, 'moved.duckdb')), 'no second file in the other directory');
    const [r] = await p.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM items');
    assert.deepEqual(r, { n: 5, d: 5 });
    assert.ok(existsSync(join(first, 'moved.duckdb')));
  } finally {
    process.chdir(cwd);
  }
});

test('a BigInt inside a json column loads as a JSON number with its exact digits, as dlt loads a Python big int (it failed the normalize step)', async () => {
  const { p } = tempPipeline('json_bigint');
  await p.run(resource([{ id: 1, meta: { n: 5n, big: 2n ** 70n } }], { name: 'items', max_table_nesting: 0 }));
  const [row] = await p.dataset().query(`SELECT CAST(meta->>'$.big' AS VARCHAR) AS big, CAST(meta->'$.n' AS INTEGER) AS n FROM items`);
  assert.equal(row!.big, '1180591620717411303424');
  assert.equal(row!.n, 5);
});
