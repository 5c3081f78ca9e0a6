/**
 * How long a rate-limited (429) or overloaded (503) answer asks the client to wait. The headers APIs use for
 * it differ only in name and unit, so they are data: {@link WAIT_SIGNALS}, read in order, first one wins.
 *
 * Of the five verified APIs only Descope sends one (`Retry-After: <seconds>`, apis.md §4.2). Passwordless
 * (empty 429), Authsignal (`too_many_requests` body), PropelAuth (text body) and the 1Password Events API
 * (`{"Error":{"Message"}}`, 600/min and 30,000/h) send none, so the client falls back to its
 * rate-limit backoff (see `HttpClient`). The reset headers below are the common ones of other APIs
 * (IETF draft `RateLimit-Reset`, GitHub-style `X-RateLimit-Reset`) that a declarative REST source may meet.
 */

/** The unit a wait header is written in. */
export type WaitUnit =
  /** Delay seconds (`120`, `1.5`) or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`), RFC 9110 §10.2.3. */
  | 'seconds-or-date'
  /** Delay seconds only. */
  | 'seconds'
  /** Unix time in seconds when the window resets; a small number (< 10^9) is read as delay seconds, as some APIs send. */
  | 'epoch-or-seconds';

/** One header that carries a wait. */
export interface WaitSignal {
  /** Header name as APIs spell it (looked up lower-cased). */
  readonly header: string;
  readonly unit: WaitUnit;
}

/** The wait headers understood on a 429, in order of precedence (a 503 is read for `Retry-After` only). */
export const WAIT_SIGNALS: readonly WaitSignal[] = [
  { header: 'Retry-After', unit: 'seconds-or-date' },
  { header: 'RateLimit-Reset', unit: 'seconds' },
  { header: 'X-RateLimit-Reset', unit: 'epoch-or-seconds' },
  { header: 'X-Rate-Limit-Reset', unit: 'epoch-or-seconds' },
];

/** The wait an answer asked for: seconds from `now` (≥ 0, not capped) and the header it came from. */
export interface RequestedWait {
  seconds: number;
  /** e.g. `Retry-After: 30`. */
  source: string;
}

const NUMBER = /^\d+(\.\d+)?$/;
/** Values at or above this are Unix times, not delays (2001-09-09). */
const EPOCH_FLOOR = 1e9;

/** Seconds from `now` that `value` (written in `unit`) stands for; `undefined` when unparsable. */
export function waitSeconds(value: string, unit: WaitUnit, now: number): number | undefined {
  const v = value.trim();
  if (NUMBER.test(v)) {
    const n = Number(v);
    return Math.max(0, unit === 'epoch-or-seconds' && n >= EPOCH_FLOOR ? n - now / 1000 : n);
  }
  if (unit !== 'seconds-or-date') return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/**
 * The first wait signal of `headers` (lower-case names) that parses, or `undefined` when the answer
 * carries none — the caller then picks its own backoff.
 */
export function requestedWait(
  headers: Readonly<Record<string, string>>,
  now: number,
  signals: readonly WaitSignal[] = WAIT_SIGNALS,
): RequestedWait | undefined {
  for (const s of signals) {
    const raw = headers[s.header.toLowerCase()];
    if (raw === undefined || raw.trim() === '') continue;
    const seconds = waitSeconds(raw, s.unit, now);
    if (seconds !== undefined) return { seconds, source: `${s.header}: ${raw.trim()}` };
  }
  return undefined;
}
