import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonPathProblem } from '../../src/common/json-path-syntax.js';

test('jsonPathProblem accepts what json-path.ts evaluates', () => {
  for (const p of ['items', 'data.items', '$', '$.data', 'x-total', '_links.next.href', '$ref', '$..id', '$.*', 'items[*].id', '$.items[0]',
    '$.items[-1:]', '$.a[::2]', '$.a[0,1]', "$['a','b']", '$["a"]', "a['b\\'c']", '$..[0]', '$.a.[0]', '$.items[?(@.a=="]")]', '[0]', ' data ']) {
    assert.equal(jsonPathProblem(p), undefined, p);
  }
});

test('jsonPathProblem says what is wrong and where', () => {
  const cases: [string, string][] = [
    ['items[', "unclosed '[' at position 6"],
    ['$..[', "unclosed '[' at position 4"],
    ['a..', "it ends with '..'; a name, '*' or '[' must follow"],
    ['$.a.', "it ends with '.'; a name, '*' or '[' must follow"],
    ["$['a", 'unterminated single-quoted name at position 3'],
    ['$["a]', 'unterminated double-quoted name at position 3'],
    ['items]', "unbalanced ']' at position 6"],
    ['$.a[b', 'unexpected "b" inside brackets at position 5'],
    ['$.a[]', 'empty brackets at position 5'],
    ['$.a[0', "unclosed '[' at position 4"],
    ['$.a[0 1]', `expected ']' at position 7, got "1"`],
    ['a[?(@.x', "unclosed '(' at position 4"],
    ['a[?@.x]', "expected '(' after '?' at position 4"],
    ['a b', `unexpected " " at position 2; separate names with '.' or quote them as ['...']`],
    ['.a', 'unexpected "." at position 1'],
    ['', 'it is empty'],
  ];
  for (const [p, problem] of cases) assert.equal(jsonPathProblem(p), problem, p);
});
