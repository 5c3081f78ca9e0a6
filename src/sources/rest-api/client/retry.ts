/**
 * Retry policy (dlt §4): which failures are transient and how long the exponential backoff waits (the
 * waits an answer asks for are read in `rate-limit.ts`).
 *
 * Retried:
 * - responses with status 429 and every 5xx;
 * - transport errors: connection refused/reset/aborted, broken pipe, temporary DNS failure (EAI_AGAIN),
 *   unreachable network/host, connect/headers/body timeouts, a socket closed mid-response;
 * - truncated bodies: fewer bytes than `Content-Length`, a body stream error, a failed decompression, or a
 *   JSON content-type whose text ends in the middle of a value (see `HttpResponse.tryParse`);
 * - responses for which the caller's `retryIf` hook returns true.
 *
 * Not retried: 401/403 and other 4xx, a malformed (but complete) JSON body, and `ENOTFOUND` (a misspelt
 * host fails at once instead of after ~15 s; dlt retries it as a `ConnectionError`).
 */

/** Error codes of transient transport failures (node and undici). */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'Z_BUF_ERROR',
  'Z_DATA_ERROR',
  'ERR_STREAM_PREMATURE_CLOSE',
  'TRUNCATED_BODY',
]);

/** The `code` of an error or of its `cause` chain (undici wraps socket errors). */
export function errorCode(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    if (typeof cur !== 'object') break;
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a thrown transport/body error is worth another attempt. */
export function isRetryableError(e: unknown): boolean {
  const code = errorCode(e);
  if (code && RETRYABLE_CODES.has(code)) return true;
  // Errors from an aggregate connect attempt (IPv4+IPv6) carry their codes in `errors`.
  const inner = (e as { errors?: unknown } | null)?.errors;
  return Array.isArray(inner) && inner.some((x) => isRetryableError(x));
}

/** True for statuses that are retried: 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Exponential wait after failed attempt `attempt` (1-based): `factor * 2^(attempt-1)` s, capped at `maxDelay`. */
export function backoffSeconds(attempt: number, factor: number, maxDelay: number): number {
  return Math.min(Math.max(0, factor * 2 ** (attempt - 1)), maxDelay);
}

/** A short human description of a transport error, e.g. `connection reset (ECONNRESET)`. */
export function describeTransportError(e: unknown): string {
  const code = errorCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  const known: Record<string, string> = {
    ECONNRESET: 'connection reset',
    ECONNREFUSED: 'connection refused',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for response headers',
    UND_ERR_BODY_TIMEOUT: 'timed out reading the response body',
    UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
    UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'truncated body (content-length mismatch)',
    TRUNCATED_BODY: 'truncated body',
    ENOTFOUND: 'host not found',
  };
  const head = code && known[code] ? known[code] : msg || 'request failed';
  return code ? `${head} (${code}${known[code] && msg ? `: ${msg}` : ''})` : head;
}
