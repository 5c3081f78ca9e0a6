/**
 * The dataset's value contract (docs/dataset.md): one record holding every data type reads back as the
 * same JS values from every destination selected by `DESTINATIONS` — json parsed, time as PostgreSQL's
 * text, timestamps as Dates cut to the millisecond towards the past, bigints as numbers when safe.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { resource } from '../../src/index.js';
import { selectedTargets } from './targets.js';

const record = {
  id: 1,
  txt: 'it\'s "quoted" ünïcode',
  small: 42,
  big: 9007199254740993n,
  dbl: 1.5,
  flag: true,
  ts: '2024-05-06T07:08:09.123456Z',
  // Before 1970 a sub-millisecond fraction must not round the instant forward.
  before_epoch: '1969-12-31T23:59:59.9995Z',
  naive: '2024-05-06T07:08:09.5+02:00',
  d: '2024-05-06',
  t: '07:08:09.1234',
  t_whole: '07:08:09',
  dec: '12345.678900001',
  obj: { a: [1, { b: null }], s: 'x' },
  arr: [1, 'two'],
  bin: Buffer.from([0, 1, 254, 255]),
};
const nulls = { id: 2 };

const columns = {
  big: { data_type: 'bigint' },
  ts: { data_type: 'timestamp' },
  before_epoch: { data_type: 'timestamp' },
  naive: { data_type: 'timestamp', timezone: false },
  d: { data_type: 'date' },
  t: { data_type: 'time' },
  t_whole: { data_type: 'time' },
  dec: { data_type: 'decimal' },
  obj: { data_type: 'json' },
  arr: { data_type: 'json' },
  bin: { data_type: 'binary' },
} as const;

const expected = [
  {
    id: 1,
    txt: 'it\'s "quoted" ünïcode',
    small: 42,
    big: 9007199254740993n,
    dbl: 1.5,
    flag: true,
    ts: new Date('2024-05-06T07:08:09.123Z'),
    before_epoch: new Date('1969-12-31T23:59:59.999Z'),
    naive: new Date('2024-05-06T05:08:09.500Z'),
    d: new Date('2024-05-06T00:00:00Z'),
    t: '07:08:09.1234',
    t_whole: '07:08:09',
    dec: 12345.678900001,
    obj: { a: [1, { b: null }], s: 'x' },
    arr: [1, 'two'],
    bin: Buffer.from([0, 1, 254, 255]),
  },
  { id: 2, txt: null, small: null, big: null, dbl: null, flag: null, ts: null, before_epoch: null, naive: null, d: null, t: null, t_whole: null, dec: null, obj: null, arr: null, bin: null },
];
const names = Object.keys(expected[0]!);

for (const target of selectedTargets()) {
  describe(`destination ${target.name}`, () => {
    test('every data type reads back as the same JS value (dataset value contract)', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('values_p');
      await p.run(resource([record, nulls], { name: 'every', columns }));
      assert.deepEqual(await p.dataset().table('every').select(...names).orderBy('id').rows(), expected);
      assert.deepEqual(await p.dataset().query(`SELECT ${names.join(', ')} FROM every ORDER BY id`), expected);
      // where: null is IS NULL; an empty `in` matches nothing — the same SQL on every destination.
      const every = p.dataset().table('every');
      assert.deepEqual(await every.select('id').where('obj', '=', null).rows(), [{ id: 2 }]);
      assert.deepEqual(await every.select('id').where('d', '=', expected[0]!.d).where('t', '!=', null).rows(), [{ id: 1 }]);
      assert.equal(await every.where('id', 'in', []).count(), 0);
      // A JSON expression is parsed too; its text is a string.
      assert.deepEqual(await p.dataset().query(`SELECT obj->'a' AS a, obj->>'s' AS s FROM every WHERE id = 1`), [{ a: [1, { b: null }], s: 'x' }]);

      // Infinite timestamps and dates read as ±Infinity (DuckDB's converter threw; pg gave an Invalid Date).
      assert.deepEqual(
        await p.dataset().query("SELECT CAST('infinity' AS TIMESTAMP) AS a, CAST('-infinity' AS TIMESTAMPTZ) AS b, CAST('infinity' AS DATE) AS c"),
        [{ a: Infinity, b: -Infinity, c: Infinity }],
      );

      // State and schema still restore from the destination into a new working dir.
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });
      const fresh = ctx.pipeline('values_p');
      await fresh.run(resource([{ ...record, id: 3 }], { name: 'every', columns }));
      assert.equal(fresh.defaultSchema?.tables.every?.columns.obj?.data_type, 'json');
      assert.deepEqual(await fresh.dataset().table('every').select(...names).where('id', '=', 3).rows(), [{ ...expected[0], id: 3 }]);
    });
  });
}
