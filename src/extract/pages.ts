/**
 * Turns whatever a resource body yields — arrays (pages) or single items, from sync or async iterables,
 * generators, or functions returning one — into an async stream of pages. Single items are grouped into
 * pages of up to `pageSize` so batching starts at the source.
 */
import type { ExtractContext, Page, ResourceData } from './resource.js';

/** Default size of pages assembled from single yielded items. */
export const DEFAULT_PAGE_SIZE = 1000;

function isIterable(x: unknown): x is Iterable<unknown> {
  return x != null && typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function' && typeof x !== 'string';
}
function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return x != null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** Opens the iterable a resource's data stands for. */
export async function openData(data: ResourceData, ctx: ExtractContext): Promise<Iterable<unknown> | AsyncIterable<unknown>> {
  const d = typeof data === 'function' ? await data(ctx) : data;
  if (Array.isArray(d)) return [d]; // a plain array is one page
  if (isAsyncIterable(d) || isIterable(d)) return d;
  throw new TypeError(`resource data must be an array, an iterable, an async iterable or a function returning one; got ${typeof d}`);
}

/** Pages from an iterable of pages-or-items. */
export async function* toPages(it: Iterable<unknown> | AsyncIterable<unknown>, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<Page> {
  let pending: unknown[] = [];
  for await (const x of it as AsyncIterable<unknown>) {
    if (Array.isArray(x)) {
      if (pending.length) {
        yield pending;
        pending = [];
      }
      if (x.length) yield x;
    } else if (x !== undefined) {
      pending.push(x);
      if (pending.length >= pageSize) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length) yield pending;
}

/**
 * Iterates `pages` one page ahead: the next page is being fetched (an HTTP request in flight, the API
 * producing it) while the consumer processes the current one. When the consumer stops early, the page
 * in flight is awaited and dropped, and the source is closed.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const it = pages[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined = it.next();
  try {
    for (;;) {
      const r: IteratorResult<T> = await pending;
      pending = undefined;
      if (r.done) return;
      pending = it.next();
      pending.catch(() => {}); // a failure surfaces when the page is awaited, not as an unhandled rejection
      // One event-loop turn lets the next request reach the socket before the consumer's synchronous work.
      await new Promise<void>((resolve) => setImmediate(resolve));
      yield r.value;
    }
  } finally {
    if (pending) {
      await pending.catch(() => {});
      await it.return?.();
    }
  }
}
