/**
 * Response bodies as text: exactly (for `res.text`, error excerpts, response actions) and for
 * `JSON.parse` (the hot path of every page).
 *
 * Why the JSON text is built the way it is: a page of 1,000 records is 0.5–1 MB of JSON. Decoded the
 * plain way, it becomes a V8 heap string over 128 KB, which V8 places in its large-object space: fresh
 * pages mapped for every response and unmapped after the next GC. Where first-touching a page is slow
 * (the 2-core VMs this project is measured on take ~10 µs per page fault), decoding a 680 KB page cost
 * ~3 ms, as much as parsing it. For an ASCII body (what JSON APIs send almost always; `\u` escapes are
 * ASCII) in a UTF-8-compatible charset, the bytes are copied into one reused buffer and decoded as
 * latin1 — identical to UTF-8 for ASCII, and for ≥ {@link EXTERN_MIN} bytes Node creates an external
 * string in malloc'd memory, which is reused from page to page. A body between 256 KB and that size is
 * padded with spaces up to it: trailing whitespace is valid JSON and parses to the same value. Any other
 * body is decoded exactly.
 */
import { isAscii } from 'node:buffer';

/** Node's `EXTERN_APEX`: a latin1 decode of at least this many bytes makes an external string. */
export const EXTERN_MIN = 0xfbee9;
/**
 * Below this size the body is decoded the plain way: padding a smaller body up to {@link EXTERN_MIN}
 * (copy, fill, and JSON.parse skipping the spaces) costs more than the large-object string it avoids
 * (measured: +30% at 126 KB, even at 252 KB, −10 to −25% from 380 KB up).
 */
const SMALL = 256 * 1024;

/** Charsets in which an ASCII byte is that ASCII character. */
const ASCII_COMPATIBLE = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii', 'iso-8859-1', 'latin1']);

let scratch: Buffer | undefined;

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType ? /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1]?.toLowerCase() : undefined;
}

/** The chunks as one buffer (no copy for a single chunk). */
export function concatChunks(chunks: readonly Buffer[], size: number): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks as Buffer[], size);
}

/** The body decoded per its charset (UTF-8 by default), without a byte-order mark. */
export function bodyText(chunks: readonly Buffer[], size: number, contentType: string | undefined): string {
  const buf = concatChunks(chunks, size);
  const cs = charsetOf(contentType);
  let text = !cs || cs === 'utf-8' || cs === 'utf8' ? buf.toString('utf8') : new TextDecoder(cs).decode(buf);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/**
 * Text that `JSON.parse` turns into the body's value: the body itself, or for a mid-sized ASCII body the
 * body followed by spaces (see the module comment). Returns undefined when the exact text is needed.
 */
export function jsonParseText(chunks: readonly Buffer[], size: number, contentType: string | undefined): string | undefined {
  if (size < SMALL) return undefined;
  const cs = charsetOf(contentType);
  if (cs !== undefined && !ASCII_COMPATIBLE.has(cs)) return undefined;
  if (size >= EXTERN_MIN) {
    const buf = concatChunks(chunks, size);
    return isAscii(buf) ? buf.toString('latin1', 0, size) : undefined;
  }
  const s = (scratch ??= Buffer.allocUnsafe(EXTERN_MIN));
  let at = 0;
  for (const c of chunks) at += c.copy(s, at);
  if (!isAscii(s.subarray(0, size))) return undefined;
  s.fill(0x20, size, EXTERN_MIN);
  return s.toString('latin1', 0, EXTERN_MIN);
}
