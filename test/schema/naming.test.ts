import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SnakeCaseNaming, identifierTag, shortenIdentifier } from '../../src/schema/naming.js';

const n = new SnakeCaseNaming();

test("snake_case matches dlt's documented examples", () => {
  const cases: [string, string][] = [
    ['HTTPResponse', 'http_response'],
    ['userID', 'user_id'],
    ['1st', '_1st'],
    ['name_', 'namex'],
    ['name__', 'namexx'],
    ['DealFlow', 'deal_flow'],
    ['camelCase', 'camel_case'],
    ['a+b', 'axb'],
    ['a*b', 'axb'],
    ['a-b', 'a_b'],
    ['user@domain', 'useradomain'],
    ['a|b', 'alb'],
    ['  spaced name ', 'spaced_name'],
    ['with.dot', 'with_dot'],
    ['a___b', 'a_b'],
    ['Ärger', '_rger'],
  ];
  for (const [input, out] of cases) assert.equal(n.normalizeIdentifier(input), out, input);
});

test('paths split on __ keep their separator', () => {
  assert.equal(n.normalizePath('Parent__ChildName'), 'parent__child_name');
  assert.equal(n.normalizePath('a__b__c'), 'a__b__c');
  assert.equal(n.normalizePath('__leading'), 'leading');
});

test('empty identifiers are rejected', () => {
  assert.throws(() => n.normalizeIdentifier('   '));
});

test('over-long names are cut in the middle with the shake_128 tag, as dlt does', () => {
  const pg = new SnakeCaseNaming(63);
  const long = 'a'.repeat(40) + '__' + 'b'.repeat(40);
  const short = pg.normalizePath(long);
  assert.equal(short.length, 63);
  const tag = identifierTag(long);
  assert.match(tag, /^[a-z0-9]{6}$/);
  assert.ok(short.includes(tag));
  assert.ok(short.startsWith('a'.repeat(29)));
  assert.ok(short.endsWith('b'.repeat(28)));
  // deterministic and distinct for distinct inputs
  assert.equal(pg.normalizePath(long), short);
  assert.notEqual(pg.normalizePath('a'.repeat(40) + '__' + 'c'.repeat(40)), short);
  assert.equal(shortenIdentifier('short', 'short', 63), 'short');
});

test("Unicode decimal digits are kept as dlt keeps them (Python's \\d), other non-ASCII is not; strip is Python's", () => {
  assert.equal(n.normalizePath('a٣b'), 'a٣b');
  assert.equal(n.normalizePath('٣rd'), '_٣rd', 'a leading Unicode digit is prefixed like 0-9');
  assert.equal(n.normalizePath('x²'), 'xx', 'superscripts are not decimal digits (No, not Nd)');
  assert.equal(n.normalizePath('café'), 'cafx');
  assert.equal(n.normalizePath('\x1ckey\x85'), 'key', 'str.strip() also strips U+001C-U+001F and U+0085');
  assert.equal(n.normalizePath('\uFEFFkey'), '_key', 'but not U+FEFF, which String.trim strips');
  // Python counts code points: a name of astral digits is cut per code point (expected from dlt's shortening)
  const astral = new SnakeCaseNaming(63).normalizePath('𝟏'.repeat(70));
  assert.equal(astral, '_' + '𝟏'.repeat(28) + 'vdtaga' + '𝟏'.repeat(28));
  assert.equal(Array.from(astral).length, 63);
});

test('an identifier that is empty once split on __ is rejected with the identifier in the message', () => {
  assert.throws(() => n.normalizePath('__'), /cannot normalize an empty identifier "__"/);
});
