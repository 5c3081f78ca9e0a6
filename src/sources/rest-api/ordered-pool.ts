/**
 * Bounded-concurrency map over an (async) iterable whose results come out in input order: at most
 * `limit` tasks run at once, and result i is yielded only after results 0..i-1. Used for child requests
 * of different parent items (`parallelized`).
 */

/** Runs `task` for each input with at most `limit` in flight; yields results in input order. */
export async function* orderedPool<T, R>(inputs: Iterable<T>, limit: number, task: (input: T, index: number) => Promise<R>): AsyncGenerator<R> {
  const it = inputs[Symbol.iterator]();
  const inflight: Promise<R>[] = [];
  let index = 0;
  let done = false;
  const fill = () => {
    while (!done && inflight.length < limit) {
      const n = it.next();
      if (n.done) {
        done = true;
        break;
      }
      const p = task(n.value, index++);
      p.catch(() => undefined); // observed when awaited below; avoids unhandled rejections while queued
      inflight.push(p);
    }
  };
  try {
    fill();
    while (inflight.length) {
      const r = await inflight.shift()!;
      fill();
      yield r;
    }
  } finally {
    // Let still-running tasks settle so nothing runs after the caller stopped listening.
    await Promise.allSettled(inflight);
  }
}
