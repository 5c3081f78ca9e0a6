/**
 * Job-file writes off the normalizing thread: buffers go to libuv's thread pool, each written at its own
 * file position, so they need no ordering between them.
 */
import { close, closeSync, write, writeSync } from 'node:fs';

/** Bytes of encoded lines buffered per table before a write (besides the row limit). */
export const BUFFER_BYTES = 256 * 1024;

/** Bytes handed to the thread pool and not yet written, above which a write blocks the caller instead. */
const MAX_PENDING_BYTES = 8 * BUFFER_BYTES;

/**
 * Writes buffers to files on libuv's thread pool, each at its own file position, so they need no
 * ordering. Written buffers of the usual size are kept for reuse (fresh memory costs a page fault per
 * 4 KB on the VMs this is measured on). Bounded: past {@link MAX_PENDING_BYTES} in flight, a write
 * happens synchronously. The first failed write is thrown by the next {@link write} or {@link drain}.
 */
export class FileWrites {
  /** Writes and closes not finished yet. */
  #pending = 0;
  #pendingBytes = 0;
  #error: unknown;
  #idle: (() => void)[] = [];
  readonly #spare: Buffer[] = [];
  /** Unfinished writes per file. */
  readonly #inFlight = new Map<number, number>();
  /** Files to close once their writes are done. */
  readonly #closing = new Set<number>();

  /** A buffer of {@link BUFFER_BYTES} to fill, reused when one is free. */
  buffer(): Buffer {
    return this.#spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
  }

  /** Writes `buf[0, len)` at `position`; `buf` belongs to this object from now on. */
  write(fd: number, buf: Buffer, len: number, position: number): void {
    this.#throwIfFailed();
    if (this.#pendingBytes + len > MAX_PENDING_BYTES) {
      writeSync(fd, buf, 0, len, position);
      this.#recycle(buf);
      return;
    }
    this.#pending++;
    this.#pendingBytes += len;
    this.#inFlight.set(fd, (this.#inFlight.get(fd) ?? 0) + 1);
    write(fd, buf, 0, len, position, (err) => {
      this.#pendingBytes -= len;
      this.#recycle(buf);
      const left = this.#inFlight.get(fd)! - 1;
      if (left) this.#inFlight.set(fd, left);
      else {
        this.#inFlight.delete(fd);
        if (this.#closing.delete(fd)) this.#closeLater(fd);
      }
      this.#settle(err);
    });
  }

  /** Closes `fd` now, or after its pending writes. */
  close(fd: number): void {
    if (this.#inFlight.has(fd)) this.#closing.add(fd);
    else closeSync(fd);
  }

  #closeLater(fd: number): void {
    this.#pending++;
    close(fd, (err) => this.#settle(err));
  }

  /** One write or close finished: keeps the first error, wakes {@link drain} when nothing is left. */
  #settle(err: unknown): void {
    this.#pending--;
    if (err && this.#error === undefined) this.#error = err;
    if (this.#pending === 0) for (const f of this.#idle.splice(0)) f();
  }

  #recycle(buf: Buffer): void {
    if (buf.length === BUFFER_BYTES && this.#spare.length < 8) this.#spare.push(buf);
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }

  /** Resolves once every write and close has finished; rejects with the first failure. */
  async drain(): Promise<void> {
    if (this.#pending) await new Promise<void>((resolve) => this.#idle.push(resolve));
    this.#throwIfFailed();
  }
}
