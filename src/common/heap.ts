/**
 * Giving the JavaScript heap back between pipeline steps. After a big extraction V8 still holds the
 * parsed pages as garbage (it collects old space only when it next needs room), and the load step then
 * adds DuckDB's buffers on top: at 1M benchmark records a full collection before the load lowers the
 * process's peak RSS by ~55 MB (from ~350 to ~295 MB).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this heap size a collection gives back too little to be worth its pause. */
export const RELEASE_HEAP_MIN_BYTES = 48 * 1024 * 1024;

let gc: (() => void) | null | undefined;

/**
 * V8's `gc()`: the global when node runs with `--expose-gc`, else taken from a fresh context after
 * enabling the flag for that one context (as Jest does for `--logHeapUsage`). Null when neither works.
 */
function collector(): (() => void) | null {
  if (gc !== undefined) return gc;
  const global = (globalThis as { gc?: () => void }).gc;
  if (typeof global === 'function') return (gc = global);
  try {
    setFlagsFromString('--expose-gc');
    let fn: unknown;
    try {
      fn = runInNewContext('gc');
    } finally {
      setFlagsFromString('--no-expose-gc'); // later vm contexts and workers get no `gc` global
    }
    gc = typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/**
 * Runs a full garbage collection when the heap holds at least {@link RELEASE_HEAP_MIN_BYTES}
 * (a few tens of milliseconds for such a heap). Returns whether it ran.
 */
export function releaseHeap(): boolean {
  if (getHeapStatistics().total_heap_size < RELEASE_HEAP_MIN_BYTES) return false;
  const fn = collector();
  fn?.();
  return fn !== null;
}
