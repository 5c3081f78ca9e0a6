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

test("snake_case gives dlt's names for punctuation, digits, capitals and underscores (dlt's test_naming_snake_case cases)", () => {
  const ids: [string, string][] = [
    ['event value', 'event_value'],
    ['event-.!:*<>value', 'event_x_value'],
    ["1event_n'", '_1event_nx'],
    ['123BaNaNa', '_123_ba_na_na'],
    ['BANANA', 'banana'],
    ['BAN_ANA', 'ban_ana'],
    ['BANaNA', 'ba_na_na'],
    [' Small Love Potion ', 'small_love_potion'],
    ['BANANA____', 'bananaxxxx'],
    ['+-!$*@#=|:', 'x_xa_lx'],
    ['+1', 'x1'],
    ['-1', '_1'],
    ['+-*@|', 'x_xal'],
    ['event__value_value2____', 'event_value_value2xxxx'],
  ];
  for (const [input, out] of ids) assert.equal(n.normalizeIdentifier(input), out, input);
  const paths: [string, string][] = [
    ['Small__Love__Potion', 'small__love__potion'],
    ['Small  Love  Potion', 'small_love_potion'],
    // fragments that are empty once split on __ drop out, so a fragment may start with _
    ['Small___Love____Potion_____x', 'small___love__potion___x'],
    ['e_vent__value_value2___', 'e_vent__value_value2__x'],
  ];
  for (const [input, out] of paths) assert.equal(n.normalizePath(input), out, input);
  assert.equal(n.joinPath('_A', ' \t', '_B'), '_A___B');
});

test("shortening matches dlt's tags and their placement", () => {
  // (content, tag) pairs from dlt's test_tag_generation
  assert.equal(identifierTag('3f17271231504b8cf65690bcdc379df8a3b8aabe12efe1ea82848ec5f497cb69'), 'gds0iw');
  assert.equal(identifierTag('4d4b99ff5d2a3d5cd076782c9cd088cd85d5c789d7de6bdc19c1d206b687d485'), '2vvr5a');
  assert.equal(shortenIdentifier('she played cello well', 'she played cello well', 20), 'she plauanpualo well');
  assert.equal(shortenIdentifier('0123456789', 'anything', 10), '0123456789', 'at the limit: unchanged');
  // the tag comes from the raw name, so two raw spellings of one normalized name get different tags
  const pg = new SnakeCaseNaming(16);
  assert.notEqual(pg.normalizeIdentifier('a very long Name here'), pg.normalizeIdentifier('a very long name here'));
  // a shortened path stays the same when normalized again, and every fragment fits
  const long = 'prospects_external_data__data365_member__member__feed_activities_created_post__items__comments__items__comments__items__author_details__educations';
  for (const max of [64, 127, 100]) {
    const p = new SnakeCaseNaming(max).normalizePath(long);
    assert.equal(p.length, max);
    assert.equal(new SnakeCaseNaming(max).normalizePath(p), p);
  }
});
