/**
 * The page files of an extracted package (`extract()` without `normalize()`): one file per resource,
 * each page a frame of a 4-byte little-endian length and the page in V8's serialization format. Values
 * JSON would change — Date, BigInt, Uint8Array/Buffer, NaN and ±Infinity, undefined — reach the
 * normalizer as they do in `run()`.
 */
import { appendFileSync, closeSync, openSync, readSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { errorMessage, SluiceError } from '../common/errors.js';

const HEAD = 4;

/** Appends one page to `path`. Values V8 cannot copy (functions, symbols) fail with the resource named. */
export function appendPage(path: string, resource: string, page: readonly unknown[]): void {
  let body: Buffer;
  try {
    body = serialize(page);
  } catch (e) {
    throw new SluiceError(`resource ${resource}: a page holds a value that cannot be stored in an extracted package (${errorMessage(e)}); extract() keeps data, not functions or symbols`);
  }
  const head = Buffer.allocUnsafe(HEAD);
  head.writeUInt32LE(body.length, 0);
  appendFileSync(path, Buffer.concat([head, body]));
}

/** The pages of `path`, one at a time (memory holds one page, not the file). */
export function* readPages(path: string): Generator<unknown[]> {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(HEAD);
    for (let pos = 0; ; ) {
      const n = readSync(fd, head, 0, HEAD, pos);
      if (n === 0) return;
      const len = n === HEAD ? head.readUInt32LE(0) : -1;
      const body = len >= 0 ? Buffer.allocUnsafe(len) : Buffer.alloc(0);
      if (len < 0 || readSync(fd, body, 0, len, pos + HEAD) !== len) throw new SluiceError(`extracted page file ${path} is cut off at byte ${pos}`);
      pos += HEAD + len;
      yield deserialize(body) as unknown[];
    }
  } finally {
    closeSync(fd);
  }
}
