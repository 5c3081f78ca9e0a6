/**
 * `endpoint.response_actions` (dlt §1.7, plus a `retry` action dlt lacks — issue #1786):
 *
 * - `{ status_code?, content?, action }`: matches when every given condition holds (`status_code` may be a
 *   list: any of them; `content` is a substring of the body); with neither, it always matches;
 * - `action: 'ignore'` ends pagination of that request and yields nothing from the response; it applies
 *   before the retry policy (as in dlt), so an ignored 5xx/429 is not retried first;
 * - `action: 'retry'` retries a (2xx) response that matches, with the client's backoff, e.g.
 *   `{ content: '"error":"rate_limited"', action: 'retry' }`;
 * - a callable (or a list of them) receives the response and may return a replacement;
 * - a bare callable in the list always runs.
 */
import type { RestResponse } from './client/types.js';
import type { ResponseAction, ResponseCallable } from './config-schema.js';

interface Compiled {
  codes?: ReadonlySet<number>;
  content?: string;
  action: 'ignore' | 'retry' | ResponseCallable[];
}

/** What to do with a response after the actions ran. */
export type ActionOutcome = { kind: 'ignore' } | { kind: 'continue'; response: RestResponse };

/** Compiled response actions of one endpoint. */
export class ResponseActions {
  readonly #list: Compiled[];
  constructor(actions: readonly ResponseAction[] = []) {
    this.#list = actions.map((a): Compiled => {
      if (typeof a === 'function') return { action: [a] };
      const codes = a.status_code === undefined ? undefined : new Set(Array.isArray(a.status_code) ? a.status_code : [a.status_code]);
      const action = typeof a.action === 'function' ? [a.action] : a.action;
      return { codes, content: a.content, action };
    });
  }

  get empty(): boolean {
    return this.#list.length === 0;
  }

  #matches(c: Compiled, res: RestResponse): boolean {
    if (c.codes && !c.codes.has(res.status)) return false;
    if (c.content !== undefined && !res.text.includes(c.content)) return false;
    return true;
  }

  /** True when a `retry` action matches (the HTTP client's `retryIf` hook). */
  readonly shouldRetry = (res: RestResponse): boolean => this.#list.some((c) => c.action === 'retry' && this.#matches(c, res));

  /** True when any retry action is configured. */
  get hasRetry(): boolean {
    return this.#list.some((c) => c.action === 'retry');
  }

  /** True when an `ignore` action matches (the HTTP client's `acceptIf` hook: no retry, no error). */
  readonly shouldIgnore = (res: RestResponse): boolean => this.#list.some((c) => c.action === 'ignore' && this.#matches(c, res));

  /** True when any ignore action is configured. */
  get hasIgnore(): boolean {
    return this.#list.some((c) => c.action === 'ignore');
  }

  /** Runs the matching actions in order. */
  async apply(res: RestResponse): Promise<ActionOutcome> {
    let cur = res;
    for (const c of this.#list) {
      if (c.action === 'retry' || !this.#matches(c, cur)) continue;
      if (c.action === 'ignore') return { kind: 'ignore' };
      for (const f of c.action) {
        const out = await f(cur);
        if (out && typeof out === 'object' && 'status' in out) cur = out;
      }
    }
    return { kind: 'continue', response: cur };
  }
}
