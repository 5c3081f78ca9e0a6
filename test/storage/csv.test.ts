import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource } from '../../src/index.js';
import { DataValidationError } from '../../src/common/errors.js';
import { csvEncoders, encodeCsvRow, type CsvOut } from '../../src/storage/csv.js';
import type { ColumnSchema, DataType } from '../../src/schema/types.js';
import { tempDir } from '../helpers.js';

/** A CsvOut over a tiny buffer, so rows cross many write-outs and values force it to grow. */
function smallOut(size: number) {
  const parts: Buffer[] = [];
  const out: CsvOut & { text(): string } = {
    buf: Buffer.alloc(size),
    pos: 0,
    room(n) {
      if (this.buf.length - this.pos >= n) return;
      parts.push(Buffer.from(this.buf.subarray(0, this.pos)));
      this.pos = 0;
      if (this.buf.length < n) this.buf = Buffer.alloc(n);
    },
    text() {
      return Buffer.concat([...parts, this.buf.subarray(0, this.pos)]).toString('utf8');
    },
  };
  return out;
}

/** The format, stated independently of the encoder (see storage/csv.ts). */
function expected(values: unknown[], types: DataType[]): string {
  const q = (s: string) => '"' + s.replace(/"/g, '""') + '"';
  return (
    values
      .map((v, i) => {
        if (v === null || v === undefined) return '';
        switch (types[i]) {
          case 'bigint':
          case 'double':
            return Object.is(v, -0) ? '-0' : String(v);
          case 'bool':
            return v ? 'true' : 'false';
          case 'json':
            return q(JSON.stringify(v));
          case 'binary':
            return q('\\x' + Buffer.from(v as Uint8Array).toString('hex'));
          default:
            return q(String(v));
        }
      })
      .join(',') + '\n'
  );
}

test('CSV rows: quoting, NULL vs empty, numbers, UTF-8 and rows larger than the buffer', () => {
  const types: DataType[] = ['text', 'bigint', 'double', 'bool', 'json', 'binary', 'text'];
  const cols: ColumnSchema[] = types.map((t, i) => ({ name: `c${i}`, data_type: t }));
  const rows: unknown[][] = [
    ['plain', 1, 1.5, true, { a: [1, 'x"y'] }, new Uint8Array([0, 255, 16]), ''],
    ['say "hi", then\nleave', -2147483648, 0.1 + 0.2, false, [], new Uint8Array([]), null],
    ['ünïcödé 日本 🎉', 2147483647, -0, null, 'str', null, undefined],
    ['x'.repeat(5000) + 'é', 2147483648, 1e21, true, null, null, '"'],
    ['', -0, 142.85714285714286, false, 1, null, 'tail'],
    ['', 9007199254740993n, 142.85714285714286, false, 1, null, 'repeat of the double above'],
    [null, -17, Number.MIN_VALUE, true, { nested: { deep: true } }, null, 'a,b'],
  ];
  const out = smallOut(16);
  const encoders = csvEncoders(cols);
  for (const r of rows) encodeCsvRow(out, r, encoders);
  assert.equal(out.text(), rows.map((r) => expected(r, types)).join(''));
});

test('tricky values load into DuckDB exactly as they were', async () => {
  const dir = tempDir();
  const p = pipeline({ pipelineName: 'csv_values', destination: { type: 'duckdb', path: join(dir, 'v.duckdb') }, datasetName: 'vals', pipelinesDir: join(dir, 'pipelines') });
  const long = 'é'.repeat(300_000) + '"end"';
  const items = [
    { id: 1, text: 'say "hi", then\nleave', n: -2147483648, x: 0.30000000000000004 },
    { id: 2, text: '', n: 2147483648, x: 142.85714285714286 },
    { id: 3, text: long, n: -0, x: 142.85714285714286 },
    { id: 4, text: 'ünïcödé 🎉', n: 7, x: 1e21 },
    { id: 5, n: 0, x: -1.5 },
    { id: 6, n: 1, x: -0 },
  ];
  await p.run(resource(items, { name: 'items' }));
  const rows = await p.dataset().query('SELECT id, text, n, x FROM items ORDER BY id');
  assert.deepEqual(
    rows.map((r) => ({ ...r, text: r.text ?? undefined })),
    items.map((i) => ({ id: i.id, text: i.text, n: i.n === 0 ? 0 : i.n, x: i.x })),
  );
});

test('integers from 2^53 on are written with their exact digits (String() is only the shortest round-trip text)', () => {
  const cols: ColumnSchema[] = [{ name: 'i', data_type: 'bigint' }, { name: 'd', data_type: 'double' }];
  const out = smallOut(64);
  const enc = csvEncoders(cols);
  for (const r of [[2 ** 60, 2 ** 60], [-(2 ** 62), 1e21], [2 ** 53, -(2 ** 63)], [9007199254740993n, 1e300]]) encodeCsvRow(out, r, enc);
  assert.equal(out.text(), '1152921504606846976,1152921504606846976\n-4611686018427387904,1e+21\n9007199254740992,-9223372036854775808\n9007199254740993,1e+300\n');
});

test('a json value that JSON cannot write (cyclic) raises naming table and column', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const enc = csvEncoders([{ name: 'meta', data_type: 'json' }], 'users');
  assert.throws(() => encodeCsvRow(smallOut(64), [cyclic], enc), (e: Error) => e instanceof DataValidationError && /^users\.meta: the value is cyclic/.test(e.message));
});

test("a BigInt inside a json value is written as its digits, as dlt's json writes Python's big ints (JSON.stringify throws on it)", () => {
  const enc = csvEncoders([{ name: 'meta', data_type: 'json' }], 'users');
  const out = smallOut(64);
  encodeCsvRow(out, [{ n: 1n, big: -(2n ** 70n), l: [2n, 'x'], s: '12' }], enc);
  assert.equal(out.text(), '"{""n"":1,""big"":-1180591620717411303424,""l"":[2,""x""],""s"":""12""}"\n');
});

test('a Map, Set, RegExp or typed array inside a json value raises naming table, column and the path inside; empty objects and class instances are fine', () => {
  const enc = csvEncoders([{ name: 'meta', data_type: 'json' }], 'users');
  const bad: [unknown, RegExp][] = [
    [{ tags: new Set(['a']) }, /^users\.meta: tags in the json value: a Set is not JSON-representable; convert it to an array first$/],
    [[{ x: 1 }, { m: new Map([['k', 1]]) }], /^users\.meta: \[1\]\.m in the json value: a Map is not JSON-representable; convert it to an object first/],
    [{ a: { re: /x/ } }, /users\.meta: a\.re in the json value: a RegExp/],
    [{ v: new Float64Array([1.5]) }, /users\.meta: v in the json value: a Float64Array is not JSON-representable; convert it to an array of numbers/],
    [{ b: new Uint8Array([1]) }, /users\.meta: b in the json value: a Uint8Array/],
  ];
  for (const [v, re] of bad) assert.throws(() => encodeCsvRow(smallOut(64), [v], enc), (e: Error) => e instanceof DataValidationError && re.test(e.message), JSON.stringify(v));
  class Money {
    constructor(public amount: number) {}
  }
  const out = smallOut(64);
  encodeCsvRow(out, [{ empty: {}, list: [], '0': 'zero', money: new Money(5), at: new Date(0), text: '{}' }], enc);
  assert.equal(out.text(), '"{""0"":""zero"",""empty"":{},""list"":[],""money"":{""amount"":5},""at"":""1970-01-01T00:00:00.000Z"",""text"":""{}""}"\n');
  // A Buffer writes itself (toJSON), with or without an empty object beside it that triggers the walk.
  const buffers = smallOut(64);
  encodeCsvRow(buffers, [{ raw: Buffer.from([1]), meta: {} }], enc);
  assert.equal(buffers.text(), '"{""raw"":{""type"":""Buffer"",""data"":[1]},""meta"":{}}"\n');
});

test('big integers load exactly; integers beyond int64 load as double', async () => {
  const dir = tempDir();
  const p = pipeline({ pipelineName: 'csv_ints', destination: { type: 'duckdb', path: join(dir, 'v.duckdb') }, datasetName: 'ints', pipelinesDir: join(dir, 'pipelines') });
  await p.run(resource([{ id: 1, big: 2 ** 60, neg: -(2 ** 62), huge: 1e21, over: 2 ** 63, b: 9007199254740993n, dec: 2n ** 70n }], { name: 'items' }));
  const [row] = await p.dataset().query('SELECT big::VARCHAR AS big, neg::VARCHAR AS neg, typeof(huge) AS huge, typeof(over) AS over, b::VARCHAR AS b, dec::VARCHAR AS dec FROM items');
  assert.deepEqual(row, { big: '1152921504606846976', neg: '-4611686018427387904', huge: 'DOUBLE', over: 'DOUBLE', b: '9007199254740993', dec: '1180591620717411303424.000000000' });
});
