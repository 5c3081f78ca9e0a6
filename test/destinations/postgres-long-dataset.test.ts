/**
 * A dataset name longer than PostgreSQL's 63-character identifiers: PostgreSQL cuts every identifier to
 * 63 bytes, so `<dataset>` and `<dataset>_staging` named one schema, and a merge deleted the final rows
 * matching "staging" — themselves. As in dlt, the physical dataset and staging names are shortened with
 * the hash tag (`normalize_dataset_name` / `normalize_staging_dataset_name`), so they stay distinct.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pipeline } from '../../src/index.js';
import { shortenIdentifier } from '../../src/schema/naming.js';
import { dropPgSchemaAfter, PG_DSN, pgAdmin, postgresSelected } from './targets.js';
import { tempDir } from '../helpers.js';

const skip = !postgresSelected() && 'DESTINATIONS does not select postgres';

test('a dataset name over 63 characters: dataset and staging stay two schemas; merge keeps its rows', { skip }, async () => {
  const ds = `pgt_${process.pid}_${Date.now().toString(36)}_${'x'.repeat(60)}`;
  const physical = shortenIdentifier(ds, ds, 63);
  const staging = shortenIdentifier(`${physical}_staging`, `${physical}_staging`, 63);
  dropPgSchemaAfter(physical);
  dropPgSchemaAfter(staging);
  const p = pipeline({ pipelineName: 'long_ds', destination: { type: 'postgres', credentials: PG_DSN }, datasetName: ds, pipelinesDir: tempDir() });
  const hints = { table_name: 'm', write_disposition: 'merge' as const, primary_key: 'id' };
  await p.run([{ id: 1, v: 'a' }, { id: 2, v: 'b' }], hints);
  await p.run([{ id: 1, v: 'c' }], hints);
  assert.deepEqual(await pgAdmin(`SELECT id::int, v FROM "${physical}".m ORDER BY id`), [{ id: 1, v: 'c' }, { id: 2, v: 'b' }]);
  const schemas = await pgAdmin<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname IN ('${physical}', '${staging}') ORDER BY 1`);
  assert.equal(schemas.length, 2);
  assert.ok(physical.length === 63 && staging.length === 63 && physical !== staging);
  assert.deepEqual(await p.dataset().query('SELECT count(*)::int AS n FROM m'), [{ n: 2 }]);
});
