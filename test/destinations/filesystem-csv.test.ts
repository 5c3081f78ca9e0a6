/** filesystem: dlt's `csv` file format — header row, values as text, read back typed by the views. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { filesystem, pipeline } from '../../src/index.js';
import { tempDir } from '../helpers.js';

test('format csv writes <load_id>.<file_id>.csv.gz (gzipped, as dlt) with a header, and queries read the types back', async () => {
  const dir = tempDir();
  const bucket = join(dir, 'bucket');
  const p = pipeline({ pipelineName: 'csv_p', destination: filesystem({ bucketUrl: bucket, format: 'csv' }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });
  const columns = { at: { data_type: 'timestamp' as const }, blob: { data_type: 'binary' as const }, meta: { data_type: 'json' as const } };
  await p.run(
    [
      { id: 1, name: 'a, "quoted"', empty: '', none: null, ok: true, n: 1.5, at: '2024-01-02T03:04:05Z', meta: { k: [1] }, blob: new Uint8Array([0, 255]) },
      { id: 2, name: 'b\nline', empty: 'x', none: 'y', ok: false, n: 2, at: '2024-01-03T00:00:00Z', meta: { k: [] }, blob: new Uint8Array([1]) },
    ],
    { table_name: 'items', columns },
  );
  await p.run([{ id: 3, name: 'c', extra: 7 }], { table_name: 'items' });
  const files = readdirSync(join(bucket, 'lake', 'items')).sort();
  assert.ok(files.length >= 2, files.join());
  assert.ok(files.every((f) => /^\d+\.\d+\.[0-9a-f]{10}\.csv\.gz$/.test(f)), files.join());
  const header = gunzipSync(readFileSync(join(bucket, 'lake', 'items', files[0]!))).toString('utf8').split('\n')[0]!;
  assert.ok(header.split(',').includes('id') && header.split(',').includes('_dlt_load_id'), header);

  const rows = await p.dataset().query('SELECT id, name, "empty", "none", ok, n, "at", meta, "blob", extra FROM items ORDER BY id');
  assert.equal(rows.length, 3);
  assert.deepEqual(rows.map((r) => [r.id, r.name, r.empty, r.none, r.ok, r.n, r.extra]), [
    [1, 'a, "quoted"', '', null, true, 1.5, null],
    [2, 'b\nline', 'x', 'y', false, 2, null],
    [3, 'c', null, null, null, null, 7],
  ]);
  assert.equal((rows[0]!.at as Date).toISOString(), '2024-01-02T03:04:05.000Z');
  assert.deepEqual(rows[0]!.meta, { k: [1] });
  assert.deepEqual([...(rows[0]!.blob as Uint8Array)], [0, 255]);
});
