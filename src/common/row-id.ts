/** Root-row `_dlt_id`s: 10 random bytes, base64 without padding (14 chars), as dlt. Drawn from a pooled buffer. */
import { randomFillSync } from 'node:crypto';

const POOL = Buffer.allocUnsafe(10 * 8192);
let offset = POOL.length;

export function randomRowId(): string {
  if (offset + 10 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const s = POOL.toString('base64', offset, offset + 10);
  offset += 10;
  return s.slice(0, 14);
}
