/**
 * Work a run finds from before: packages left by `extract()`, a package whose state or schema save
 * failed after it was committed, and the separate extract → normalize → load steps giving the tables `run()` gives.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DuckDbDestination, pipeline, resource } from '../../src/index.js';
import { DUCKDB_CAPABILITIES } from '../../src/destinations/duckdb/duckdb-destination.js';
import { tempDir, tempPipeline } from '../helpers.js';

const ids = async (p: ReturnType<typeof pipeline>, table: string) => (await p.dataset().query(`SELECT id FROM ${table} ORDER BY id`)).map((r) => Number(r.id));

describe('pending work', () => {
  test('a package whose state save failed after its commit: the next process takes the state from the package and loads each row once', async () => {
    const { p, dir } = tempPipeline('state_save');
    const events = (n: number) => resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } });
    await p.run([{ id: 0 }], { table_name: 'other' });
    // state.json is written through state.json.tmp; a directory there makes the save fail (as a full disk would).
    const blocker = join(p.workingDir.root, 'state.json.tmp');
    mkdirSync(blocker);
    await assert.rejects(p.run(events(3)));
    assert.equal(p.pendingPackages().length, 1);
    rmSync(blocker, { recursive: true });
    const next = pipeline({ pipelineName: 'state_save', destination: { type: 'duckdb', path: join(dir, 'state_save.duckdb') }, datasetName: 'state_save_data', pipelinesDir: join(dir, 'pipelines') });
    await next.run(events(4));
    assert.deepEqual(await ids(next, 'ev'), [1, 2, 3, 4]);
  });

  test('a package whose schema save failed after its commit: the next process takes the schema from the package and keeps its new columns', async () => {
    const { p, dir } = tempPipeline('schema_save');
    await p.run([{ id: 1 }], { table_name: 'u' });
    // The schema file is written through <name>.schema.json.tmp; a directory there makes the save fail.
    const blocker = p.workingDir.schemaFile('schema_save') + '.tmp';
    mkdirSync(blocker);
    await assert.rejects(p.run([{ id: 2, email: 'a@example.com' }], { table_name: 'u' }));
    assert.equal(p.pendingPackages().length, 1);
    rmSync(blocker, { recursive: true });
    const next = pipeline({ pipelineName: 'schema_save', destination: { type: 'duckdb', path: join(dir, 'schema_save.duckdb') }, datasetName: 'schema_save_data', pipelinesDir: join(dir, 'pipelines') });
    await next.run([{ id: 3, score: 5 }], { table_name: 'u' });
    assert.deepEqual(await ids(next, 'u'), [1, 2, 3]);
    const columns = Object.keys(next.defaultSchema!.tables.u!.columns);
    assert.ok(columns.includes('email') && columns.includes('score'), columns.join(', '));
    assert.equal(await next.sync(), true);
    assert.ok(Object.keys(next.defaultSchema!.tables.u!.columns).includes('email'), 'the schema the destination records has the column too');
  });

  test('a sync that cannot reach the destination leaves the working dir as it was (state, schema, pending packages)', async () => {
    const { p, dir } = tempPipeline('sync_fail');
    const events = (n: number) => resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } });
    await p.run(events(2));
    await p.extract(events(3));
    const before = readFileSync(p.workingDir.stateFile, 'utf8');
    // A DuckDB path under a regular file cannot be opened: the destination is out of reach.
    writeFileSync(join(dir, 'blocker'), '');
    const unreachable = pipeline({ pipelineName: 'sync_fail', destination: { type: 'duckdb', path: join(dir, 'blocker', 'x.duckdb') }, datasetName: 'sync_fail_data', pipelinesDir: join(dir, 'pipelines') });
    await assert.rejects(unreachable.sync());
    assert.equal(readFileSync(p.workingDir.stateFile, 'utf8'), before);
    assert.ok(existsSync(p.workingDir.schemaFile('sync_fail')), 'the schema file is still there');
    assert.equal(unreachable.extractedLoadIds().length, 1, 'the extracted package is still there');
    // The next run from the same working dir loads the pending package and goes on from its cursor.
    const next = pipeline({ pipelineName: 'sync_fail', destination: { type: 'duckdb', path: join(dir, 'sync_fail.duckdb') }, datasetName: 'sync_fail_data', pipelinesDir: join(dir, 'pipelines') });
    await next.run(events(4));
    assert.deepEqual(await ids(next, 'ev'), [1, 2, 3, 4]);
  });

  test('an aborted package whose state could not be put back stays pending: its rows are extracted again, not skipped', async () => {
    const { p, dir } = tempPipeline('abort_save');
    const events = (n: number) => resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } });
    await p.run(events(2));
    await p.extract(events(4));
    await p.normalize();
    const [pkg] = p.pendingPackages();
    const job = pkg!.jobs().find((j) => j.table === 'ev')!;
    const good = readFileSync(pkg!.jobPath(job), 'utf8');
    writeFileSync(pkg!.jobPath(job), good.replace(/\n4,/, '\nnot-a-number,'));
    const blocker = join(p.workingDir.root, 'state.json.tmp');
    mkdirSync(blocker);
    await assert.rejects(p.load());
    rmSync(blocker, { recursive: true });
    const next = pipeline({ pipelineName: 'abort_save', destination: { type: 'duckdb', path: join(dir, 'abort_save.duckdb') }, datasetName: 'abort_save_data', pipelinesDir: join(dir, 'pipelines') });
    await assert.rejects(next.run(events(4)), /was aborted/); // the same bad package, now aborted with its state put back
    await next.run(events(4));
    assert.deepEqual(await ids(next, 'ev'), [1, 2, 3, 4]);
  });

  test('run() first normalizes and loads what extract() left, then extracts from the state extract() saved', async () => {
    const { p } = tempPipeline('extracted_first');
    const events = (n: number) => resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } });
    await p.extract(events(2));
    await p.run(events(3));
    assert.deepEqual(await ids(p, 'ev'), [1, 2, 3]);
    assert.equal((await p.dataset().loads()).length, 2);
    await p.run(events(3));
    assert.deepEqual(await ids(p, 'ev'), [1, 2, 3]);
  });

  test('an extracted package left beside the load package normalized from it (a stop between the two) is not normalized again', async () => {
    const { p, dir } = tempPipeline('renormalize');
    const events = (n: number) => resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } });
    const loadId = await p.extract(events(3));
    const extracted = join(p.workingDir.extractedDir, loadId);
    cpSync(extracted, join(dir, 'copy'), { recursive: true });
    await p.normalize();
    cpSync(join(dir, 'copy'), extracted, { recursive: true });
    await p.run(events(5));
    assert.deepEqual(await ids(p, 'ev'), [1, 2, 3, 4, 5]);
    assert.equal(existsSync(extracted), false);
    assert.equal((await p.dataset().loads()).length, 2);
  });

  test('extract() + normalize() + load() store Date, BigInt, bytes, NaN and undefined as run() does', async () => {
    const rows = () => [{ id: 1, seen_at: new Date('2024-05-01T10:00:00Z'), big: 12345678901234567n, blob: Buffer.from('hi'), u8: new Uint8Array([1, 2]), ratio: NaN, gone: undefined }];
    const columns = async (p: ReturnType<typeof pipeline>) =>
      (await p.dataset().query("SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 't' ORDER BY column_name")).map((r) => `${r.c}:${r.t}`);
    const values = async (p: ReturnType<typeof pipeline>) => (await p.dataset().query('SELECT seen_at, big, blob, u8, isnan(ratio) AS nan FROM t'))[0];
    const a = tempPipeline('roundtrip_run').p;
    await a.run(rows(), { table_name: 't' });
    const b = tempPipeline('roundtrip_steps').p;
    await b.extract(rows(), { table_name: 't' });
    await b.normalize();
    await b.load();
    assert.deepEqual(await columns(b), await columns(a));
    assert.deepEqual(await values(b), await values(a));
    assert.ok((await columns(a)).includes('blob:BLOB'));
  });

  test('normalize() in a new Pipeline object shortens names to the destination identifier limit, as run() does', async () => {
    class Limited63 extends DuckDbDestination {
      override readonly capabilities = { ...DUCKDB_CAPABILITIES, maxIdentifierLength: 63 };
    }
    const long = 'a_very_long_field_name_that_goes_on_and_on_and_on_beyond_sixty_three_chars';
    const names: string[][] = [];
    for (const steps of [false, true]) {
      const dir = tempDir();
      const opts = { pipelineName: 'limit', destination: new Limited63(join(dir, 'x.duckdb')), pipelinesDir: join(dir, 'p') };
      const data = resource([{ [long]: 1 }], { name: 't' });
      if (steps) {
        await pipeline(opts).extract(data);
        const fresh = pipeline(opts);
        await fresh.normalize();
        await fresh.load();
      } else await pipeline(opts).run(data);
      const cols = await pipeline(opts).dataset().query("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 't' AND column_name NOT LIKE '_dlt%'");
      names.push(cols.map((r) => String(r.c)));
    }
    assert.equal(names[0]![0]!.length, 63);
    assert.deepEqual(names[1], names[0]);
  });
});
