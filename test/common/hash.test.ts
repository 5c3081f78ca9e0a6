import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childRowId, hash128, seedOf } from '../../src/common/hash.js';

// Row ids must not change between versions: upsert merges match rows by the `_dlt_id` hashed from the
// primary key, and child ids derive from their parent's. These values were produced by the first
// implementation (string concatenation of base64url pairs).
test('row id hashes are stable across versions', () => {
  assert.equal(hash128('1'), '57IyHCp_bksDYOr79AtdzL');
  assert.equal(hash128('["a",2]'), '33jAnASMaUeD7JUL0Bz0iF');
  assert.equal(childRowId(seedOf('abc'), 12345, 0), '_lPiYADuq_AApWXvJCddSB');
  assert.equal(childRowId(seedOf('abc'), 0xffffffff, 7), '93NEnDzlW4mDUKAr_Cudh2');
  assert.match(hash128('x'), /^[A-Za-z0-9_-]{22}$/);
});
