import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeInMemory } from '../helpers.js';
import { utcInstantText } from '../../src/schema/time-text.js';

const run = (pages: unknown[][]) => normalizeInMemory(pages, { columns: { d: { data_type: 'timestamp' } } });

test("a timestamp without a zone is UTC (dlt's convention), whatever the destination session's time zone: it is written with Z, in a new column, an existing one and a variant", () => {
  const { rows } = run([[{ at: '2024-05-01T10:00:00', d: '2024-05-01', n: 1 }], [{ at: '2024-05-01 11:00', d: 'x', n: '2024-05-01T12:00:00.5' }, { at: '2024-05-01T12:00:00+02:00', n: '2024-05-01T13:00:00' }]]);
  assert.deepEqual(rows.items!.map((r) => r.at), ['2024-05-01T10:00:00Z', '2024-05-01 11:00Z', '2024-05-01T12:00:00+02:00']);
  assert.equal(rows.items![0]!.d, '2024-05-01T00:00:00Z', 'a date in a timestamp column is its UTC midnight');
  assert.deepEqual(rows.items!.map((r) => r.n__v_text), [undefined, '2024-05-01T12:00:00.5Z', '2024-05-01T13:00:00Z']);
});

test('utcInstantText: any zone becomes the same instant with Z, across day, year and early-century boundaries', () => {
  assert.equal(utcInstantText('2024-12-31T23:59:59.123456789-01:00'), '2025-01-01T00:59:59.123456789Z');
  assert.equal(utcInstantText('2024-03-01T00:10+0130'), '2024-02-29T22:40Z');
  assert.equal(utcInstantText('0050-01-01T00:10:00+01:00'), '0049-12-31T23:10:00Z');
  assert.equal(utcInstantText('2024-05-01T10:00:00+00:00'), '2024-05-01T10:00:00Z');
  assert.equal(utcInstantText('2024-05-01T10:00:00Z'), '2024-05-01T10:00:00Z');
  assert.equal(utcInstantText('2024-05-01 10:00:00'), '2024-05-01 10:00:00Z', 'naive means UTC');
});
