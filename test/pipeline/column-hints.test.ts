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

test('timezone: false makes a naive UTC timestamp column; precision hints pick DuckDB timestamp and integer types', async () => {
  const { p } = tempPipeline('naive_hints');
  const columns = {
    naive: { data_type: 'timestamp', timezone: false },
    secs: { data_type: 'timestamp', timezone: false, precision: 0 },
    nanos: { data_type: 'timestamp', timezone: false, precision: 9 },
    zoned: { data_type: 'timestamp', precision: 3 },
    tiny: { data_type: 'bigint', precision: 8 },
    int: { data_type: 'bigint', precision: 32 },
  } as const;
  const at = '2024-05-01T23:30:00.123456789-05:00';
  await p.run(resource([{ id: 1, naive: at, secs: '2024-05-01T23:30:07Z', nanos: at, zoned: at, tiny: 100, int: 70000 }], { name: 'events', columns }));
  const cols = await columnsOf(p, 'events');
  assert.deepEqual([cols.naive, cols.secs, cols.nanos, cols.zoned, cols.tiny, cols.int], ['TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_NS', 'TIMESTAMP WITH TIME ZONE', 'TINYINT', 'INTEGER']);
  const [row] = await p.dataset().query('SELECT CAST(naive AS VARCHAR) AS naive, CAST(secs AS VARCHAR) AS secs, CAST(nanos AS VARCHAR) AS nanos, epoch_ms(zoned) AS zoned FROM events');
  assert.deepEqual(row, { naive: '2024-05-02 04:30:00.123456', secs: '2024-05-01 23:30:07', nanos: '2024-05-02 04:30:00.123456789', zoned: Date.parse('2024-05-02T04:30:00.123Z') });
  // A value that arrives after the column exists, through the slow path (a Date, a timestamp text for a coerced column).
  await p.run(resource([{ id: 2, naive: new Date('2024-06-01T00:00:00Z') }, { id: 3, naive: '2024-06-01T02:00:00+02:00' }], { name: 'events', columns }));
  assert.deepEqual(
    await p.dataset().query('SELECT id, CAST(naive AS VARCHAR) AS naive FROM events WHERE id > 1 ORDER BY id'),
    [{ id: 2, naive: '2024-06-01 00:00:00' }, { id: 3, naive: '2024-06-01 00:00:00' }],
  );
});

test('precision hints past what a destination has get its widest type; postgres maps them as dlt does', () => {
  const t = (c: Record<string, unknown>) => columnType(postgresDialect, { name: 'c', ...c });
  assert.equal(t({ data_type: 'timestamp', timezone: false }), 'timestamp without time zone');
  assert.equal(t({ data_type: 'timestamp', precision: 9 }), 'timestamp (6) with time zone');
  assert.equal(t({ data_type: 'bigint', precision: 128 }), 'bigint');
  assert.equal(t({ data_type: 'bigint', precision: 32 }), 'integer');
  assert.equal(t({ data_type: 'text', precision: 255 }), 'varchar(255)');
  assert.equal(t({ data_type: 'text' }), 'varchar');
  assert.equal(t({ data_type: 'double', precision: 3 }), 'double precision', 'hints a family does not size are ignored');
});
