/**
 * Deterministic fault injection for `MockApi`: a seeded PRNG decides, request by request, whether to
 * fail and how. Same seed + same request order = same faults.
 */

/** A fault: an HTTP 429/5xx, a reset connection, a truncated body, or added latency. */
export type FaultKind = '429' | '500' | '502' | '503' | 'reset' | 'truncate' | 'latency';

/** Fault settings of a `MockApi` (all optional; no faults by default). */
export interface MockFaults {
  /** Probability (0..1) that an eligible request gets a fault. Default 0. */
  rate?: number;
  /** Kinds to draw from (uniformly). Default `['429', '500', 'reset', 'truncate']`. */
  kinds?: FaultKind[];
  /** PRNG seed. Default 1. */
  seed?: number;
  /** The first `n` eligible requests fail, cycling through `kinds` in order (before `rate` applies). */
  failFirst?: number;
  /** `Retry-After` sent with 429s, in seconds. Default: no header. */
  retryAfter?: number;
  /** Send `Retry-After` as seconds (default) or as an HTTP-date `retryAfter` seconds from now. */
  retryAfterFormat?: 'seconds' | 'date';
  /** Delay of the `latency` fault, and of every request when `alwaysLatencyMs` is unset. Default 50 ms. */
  latencyMs?: number;
  /** Added to every request (not a fault; no log entry). Default 0. */
  alwaysLatencyMs?: number;
  /** Only requests whose path is in this list are eligible. Default: every route (the OAuth token path only when listed here). */
  paths?: string[];
}

/** mulberry32: tiny, fast, good enough for test schedules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws faults per the settings; `configure` resets the schedule. */
export class FaultPlan {
  #cfg: MockFaults = {};
  #rand: () => number = seededRandom(1);
  #failed = 0;
  /** Faults served so far, by kind. */
  readonly served: Record<string, number> = {};

  constructor(cfg: MockFaults = {}) {
    this.configure(cfg);
  }

  configure(cfg: MockFaults): void {
    this.#cfg = cfg;
    this.#rand = seededRandom(cfg.seed ?? 1);
    this.#failed = 0;
  }

  get settings(): Readonly<MockFaults> {
    return this.#cfg;
  }

  /** The fault for the next request to `path`, if any. */
  next(path: string): FaultKind | undefined {
    const c = this.#cfg;
    if (c.paths && !c.paths.includes(path)) return undefined;
    const kinds = c.kinds?.length ? c.kinds : (['429', '500', 'reset', 'truncate'] as FaultKind[]);
    let kind: FaultKind | undefined;
    if (c.failFirst && this.#failed < c.failFirst) kind = kinds[this.#failed % kinds.length];
    else if (c.rate && this.#rand() < c.rate) kind = kinds[Math.floor(this.#rand() * kinds.length)];
    if (kind) {
      this.#failed++;
      this.served[kind] = (this.served[kind] ?? 0) + 1;
    }
    return kind;
  }

  /** The `Retry-After` header value for a 429, if configured. */
  retryAfterHeader(): string | undefined {
    const s = this.#cfg.retryAfter;
    if (s === undefined) return undefined;
    return this.#cfg.retryAfterFormat === 'date' ? new Date(Date.now() + s * 1000).toUTCString() : String(s);
  }
}
