import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COERCE, NO } from '../../src/schema/coerce.js';

test('text into a binary column: 0x-hex or base64 (validated); an integer becomes its little-endian bytes', () => {
  assert.deepEqual(COERCE.binary('0xff00'), Buffer.from([0xff, 0]));
  assert.deepEqual(COERCE.binary('AQI='), Buffer.from([1, 2]));
  assert.equal(COERCE.binary('not base64!'), NO);
  assert.equal(COERCE.binary('AQI'), NO, 'base64 without its padding is not valid');
  assert.deepEqual(COERCE.binary(258), Buffer.from([2, 1]));
  assert.deepEqual(COERCE.binary(0), Buffer.alloc(0));
  assert.equal(COERCE.binary(-1), NO);
  assert.equal(COERCE.binary(1.5), NO);
});

test('timestamps are UTC: a naive ISO timestamp or a date gets Z, an offset is kept; numeric text and numbers are unix seconds', () => {
  assert.equal(COERCE.timestamp('2024-05-01T10:00:00'), '2024-05-01T10:00:00Z');
  assert.equal(COERCE.timestamp('2024-05-01 10:00'), '2024-05-01 10:00Z');
  assert.equal(COERCE.timestamp('2024-05-01'), '2024-05-01T00:00:00Z');
  assert.equal(COERCE.timestamp('2024-05-01T12:00:00+02:00'), '2024-05-01T12:00:00+02:00');
  assert.equal(COERCE.timestamp('2024-05-01T12:00:00Z'), '2024-05-01T12:00:00Z');
  assert.equal(COERCE.timestamp('78172.128'), '1970-01-01T21:42:52.128Z');
  assert.equal(COERCE.timestamp(' 1700000000 '), '2023-11-14T22:13:20.000Z');
  assert.equal(COERCE.timestamp(78172.128), '1970-01-01T21:42:52.128Z');
  assert.equal(COERCE.timestamp('übermorgen'), NO);
});

test('dates: a timestamp with an offset gives its UTC date; numeric text is unix seconds; the compact form YYYYMMDD is a date', () => {
  assert.equal(COERCE.date('2024-05-01T23:00:00-05:00'), '2024-05-02');
  assert.equal(COERCE.date('2024-05-01T23:00:00'), '2024-05-01');
  assert.equal(COERCE.date('1700000000'), '2023-11-14');
  assert.equal(COERCE.date(1700000000), '2023-11-14');
  assert.equal(COERCE.date('20240501'), '2024-05-01');
  assert.equal(COERCE.date('2024-02-30'), NO);
});

test('times: an offset is converted to UTC and dropped; out-of-range fields do not fit', () => {
  assert.equal(COERCE.time('12:34:56'), '12:34:56');
  assert.equal(COERCE.time('12:34:56+02:00'), '10:34:56');
  assert.equal(COERCE.time('00:30:00.25+01:00'), '23:30:00.25');
  assert.equal(COERCE.time('12:34:56Z'), '12:34:56');
  assert.equal(COERCE.time('25:00:00'), NO);
  assert.equal(COERCE.time('12:61'), NO);
});

test("values into a text column read as dlt writes them: booleans True/False, small fractions in Python's exponent form, Dates in isoformat", () => {
  assert.equal(COERCE.text(true), 'True');
  assert.equal(COERCE.text(false), 'False');
  assert.equal(COERCE.text(1.5), '1.5');
  assert.equal(COERCE.text(0.00001), '1e-05');
  assert.equal(COERCE.text(-1.5e-7), '-1.5e-07');
  assert.equal(COERCE.text(0.0001), '0.0001');
  assert.equal(COERCE.text(42), '42');
  assert.equal(COERCE.text(new Date(Date.UTC(2024, 4, 1, 10))), '2024-05-01T10:00:00+00:00');
  assert.equal(COERCE.text(new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 123))), '2024-05-01T10:00:00.123000+00:00');
  assert.equal(COERCE.text({ a: [1, 2], s: 'j' }), '{"a":[1,2],"s":"j"}');
});

test("numeric text is read as Python's int() and float() read it (dlt coerces with them): digit groups with underscores, and nan/inf/infinity into double", () => {
  assert.equal(COERCE.bigint('1_000'), 1000);
  assert.equal(COERCE.bigint(' -9_223_372_036_854_775_808 '), -(2n ** 63n));
  assert.equal(COERCE.double('1_000.25'), 1000.25);
  assert.equal(COERCE.double('1e1_0'), 1e10);
  assert.ok(Number.isNaN(COERCE.double('NaN') as number));
  assert.equal(COERCE.double(' nan '), COERCE.double('nan'));
  assert.equal(COERCE.double('inf'), Infinity);
  assert.equal(COERCE.double('+Infinity'), Infinity);
  assert.equal(COERCE.double('-INF'), -Infinity);
  assert.equal(COERCE.decimal('1_000.5'), '1000.5', 'the destination gets the digits without the underscores');
  assert.equal(COERCE.timestamp('1_700_000_000'), '2023-11-14T22:13:20.000Z');
  // what Python rejects stays out (the value goes to a variant column)
  for (const t of ['1__000', '_1', '1_', '1_.5', 'nanx', 'in', 'infinit']) assert.equal(COERCE.double(t), NO, t);
  assert.equal(COERCE.bigint('nan'), NO);
  assert.equal(COERCE.bigint('1_000.5'), NO);
  assert.equal(COERCE.decimal('nan'), NO, 'no NaN for a decimal column: DuckDB cannot store it');
  assert.equal(COERCE.timestamp('nan'), NO);
  assert.equal(COERCE.timestamp('inf'), NO);
});

test('an object with a BigInt inside, into a text column, is its JSON text with the digits (JSON.stringify threw)', () => {
  assert.equal(COERCE.text({ n: 5n, l: [2n ** 64n] }), '{"n":5,"l":[18446744073709551616]}');
});
