import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource } from '../../src/index.js';
import type { DestinationSpec } from '../../src/pipeline/resolve-destination.js';
import { tempDir } from '../helpers.js';

const ROW_IDS = ['_dlt_id', '_dlt_parent_id', '_dlt_root_id'];

/** 50k users with two orders each, merged on id (so child rows carry `_dlt_root_id` too). */
async function load(destination: (dir: string) => DestinationSpec) {
  const dir = tempDir();
  const p = pipeline({ pipelineName: 'ids', destination: destination(dir), datasetName: 'ids_data', pipelinesDir: join(dir, 'pipelines') });
  const users = Array.from({ length: 50_000 }, (_, i) => ({ id: i, country: i % 2 ? 'NO' : 'SE', orders: [{ sku: 'a' }, { sku: 'b' }] }));
  await p.run(resource(users, { name: 'users', write_disposition: 'merge', primary_key: 'id' }));
  await p.dataset().query('CHECKPOINT');
  return p;
}

/** Compression methods of a table's columns, from DuckDB's storage info (validity segments left out). */
async function compression(p: Awaited<ReturnType<typeof load>>, table: string): Promise<Map<string, Set<string>>> {
  const rows = await p.dataset().query(`SELECT column_name AS c, compression AS m FROM pragma_storage_info('ids_data.${table}') WHERE segment_type <> 'VALIDITY'`);
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const col = String(r.c);
    if (!out.has(col)) out.set(col, new Set());
    out.get(col)!.add(String(r.m));
  }
  return out;
}

test('row-id columns are stored uncompressed; the other columns keep DuckDB compression', async () => {
  const p = await load((dir) => ({ type: 'duckdb', path: join(dir, 'ids.duckdb') }));
  const users = await compression(p, 'users');
  const orders = await compression(p, 'users__orders');
  assert.deepEqual([...users.get('_dlt_id')!], ['Uncompressed']);
  for (const c of ROW_IDS) assert.deepEqual([...orders.get(c)!], ['Uncompressed'], `users__orders.${c}`);
  assert.ok(![...users.get('country')!].includes('Uncompressed'), `country: ${[...users.get('country')!]}`);
  const [r] = await p.dataset().query('SELECT count(*) AS n FROM users__orders o JOIN users u ON o._dlt_parent_id = u._dlt_id AND o._dlt_root_id = u._dlt_id');
  assert.equal(r!.n, 100_000);
});

test('compressRowIds: true (compress_row_ids in config) lets DuckDB compress the row ids', async () => {
  for (const spec of [(dir: string) => ({ type: 'duckdb', path: join(dir, 'ids.duckdb'), compressRowIds: true }), (dir: string) => ({ type: 'duckdb', path: join(dir, 'ids.duckdb'), compress_row_ids: 'true' })]) {
    const p = await load(spec);
    const methods = [...(await compression(p, 'users__orders')).entries()].filter(([c]) => ROW_IDS.includes(c)).flatMap(([, m]) => [...m]);
    assert.ok(methods.some((m) => m !== 'Uncompressed'), `row-id compression: ${methods}`);
  }
});
