import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resource } from '../../src/index.js';
import { columnType } from '../../src/destinations/sql/ddl.js';
import { postgresDialect } from '../../src/destinations/postgres/postgres-dialect.js';
import { tempPipeline } from '../helpers.js';

const columnsOf = async (p: ReturnType<typeof tempPipeline>['p'], table: string) =>
  Object.fromEntries(
    (await p.dataset().query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '${p.datasetName}' AND table_name = '${table}'`)).map((c) => [c.column_name, c.data_type]),
  );

test('column hints: decimal precision and scale reach the table; typed hints for columns without values are created; a json hint keeps a list whole', async () => {
  const { p } = tempPipeline('column_hints');
  const columns = {
    price: { data_type: 'decimal', precision: 10, scale: 2 },
    rate: { data_type: 'decimal', precision: 12 },
    plain: { data_type: 'decimal' },
    later: { data_type: 'date' },
    tags: { data_type: 'json' },
  } as const;
  await p.run(resource([{ id: 1, price: '12.345', rate: 1.5, plain: 2, tags: ['a', 'b'] }], { name: 'items', columns }));
  const cols = await columnsOf(p, 'items');
  assert.equal(cols.price, 'DECIMAL(10,2)');
  assert.equal(cols.rate, 'DECIMAL(12,9)', 'the missing scale is the default 9');
  assert.equal(cols.plain, 'DECIMAL(38,9)');
  assert.equal(cols.later, 'DATE');
  assert.equal(cols.tags, 'JSON');
  assert.deepEqual(await p.dataset().query('SELECT CAST(price AS VARCHAR) AS price, CAST(tags AS VARCHAR) AS tags FROM items'), [{ price: '12.35', tags: '["a","b"]' }]);
  assert.equal(columnType(postgresDialect, { name: 'price', ...columns.price }), 'numeric(10,2)');
});
