/** Fast non-cryptographic 128-bit string hash (4 × 32-bit lanes, murmur3-style mixing) as 22 base64url chars. Used for deterministic child row keys, where a crypto hash per row would dominate normalize time. */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function enc(n: number, out: string[]): void {
  for (let i = 0; i < 5; i++) {
    out.push(B64[n & 63]!);
    n >>>= 6;
  }
  out.push(B64[n & 3]!);
}

export function hash128(s: string): string {
  let h1 = 0x9e3779b9,
    h2 = 0x243f6a88,
    h3 = 0xb7e15162,
    h4 = 0xdeadbeef;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x85ebca6b);
    h2 = Math.imul(h2 ^ c, 0xc2b2ae35);
    h3 = Math.imul(h3 ^ c, 0x27d4eb2f);
    h4 = Math.imul(h4 ^ c, 0x165667b1);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 17) | (h2 >>> 15);
    h3 = (h3 << 11) | (h3 >>> 21);
    h4 = (h4 << 19) | (h4 >>> 13);
  }
  h1 ^= s.length;
  h1 = Math.imul(h1 ^ (h2 >>> 15), 0x85ebca6b) ^ h3;
  h2 = Math.imul(h2 ^ (h3 >>> 13), 0xc2b2ae35) ^ h4;
  h3 = Math.imul(h3 ^ (h4 >>> 16), 0x27d4eb2f) ^ h1;
  h4 = Math.imul(h4 ^ (h1 >>> 15), 0x165667b1) ^ h2;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  const out: string[] = [];
  enc(h1, out);
  enc(h2, out);
  enc(h3, out);
  enc(h4, out);
  return out.join('').slice(0, 22);
}
