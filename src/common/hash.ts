/**
 * Fast non-cryptographic hashing for deterministic row keys, where a crypto hash per row would dominate
 * normalize time. `hash128(s)` hashes a string to 22 base64url chars; `childRowId(parentSeed, tableSeed, idx)`
 * derives a child row's `_dlt_id` from a per-parent seed in O(1), so a parent with many children hashes
 * its own id once.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Char codes of the base64url alphabet. */
const CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));

/**
 * 22 chars: 6 per lane (low 6-bit groups first, the top 2 bits last), the last lane cut to 4. One
 * `fromCharCode` makes a flat string, half the cost of concatenating pieces (which writing the id
 * later has to flatten).
 */
function encode4(a: number, b: number, c: number, d: number): string {
  const k = CODES;
  return String.fromCharCode(
    k[a & 63]!, k[(a >>> 6) & 63]!, k[(a >>> 12) & 63]!, k[(a >>> 18) & 63]!, k[(a >>> 24) & 63]!, k[a >>> 30]!,
    k[b & 63]!, k[(b >>> 6) & 63]!, k[(b >>> 12) & 63]!, k[(b >>> 18) & 63]!, k[(b >>> 24) & 63]!, k[b >>> 30]!,
    k[c & 63]!, k[(c >>> 6) & 63]!, k[(c >>> 12) & 63]!, k[(c >>> 18) & 63]!, k[(c >>> 24) & 63]!, k[c >>> 30]!,
    k[d & 63]!, k[(d >>> 6) & 63]!, k[(d >>> 12) & 63]!, k[(d >>> 18) & 63]!,
  );
}

/** Two 32-bit lanes over a string (murmur-style). */
export function seedOf(s: string): [number, number] {
  let h1 = 0x9e3779b9 ^ s.length,
    h2 = 0x243f6a88;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
  }
  return [fmix(h1 ^ h2), fmix(h2 + Math.imul(h1, 5))];
}

export function hash128(s: string): string {
  const [a, b] = seedOf(s);
  return encode4(a, b, fmix(a ^ 0x27d4eb2f), fmix(b ^ 0x165667b1));
}

/** A child row id from its parent's seed, its table's seed and its list index (deterministic, 128 bits). */
export function childRowId(parent: readonly [number, number], tableSeed: number, idx: number): string {
  const x = fmix(parent[0] ^ tableSeed);
  const y = fmix(parent[1] + Math.imul(idx + 1, 0x9e3779b1));
  return encode4(fmix(x ^ y), fmix(y + Math.imul(x, 3)), fmix(x + idx), fmix(y ^ tableSeed ^ idx));
}
