/**
 * The error every failed HTTP exchange ends in: a final non-2xx status, a 401/403 (never retried), a
 * retry condition still true after the last attempt, or a transport failure (status 0). The message
 * names method, masked URL, status, auth type and a short body excerpt (DESIGN.md contract 4).
 */
import { STATUS_CODES } from 'node:http';
import { maskSecrets } from '../../../config/secret.js';
import { SluiceError } from '../../../common/errors.js';
import { maskSensitiveFields } from './redact.js';
import type { RestResponse } from './types.js';

/** Body excerpts in messages are cut to this many characters. */
export const BODY_EXCERPT_CHARS = 200;

/**
 * `text` with secrets and the values of sensitive fields masked (before the cut, so a cut through a
 * secret shows none of it), on one line.
 */
function flatMasked(text: string): string {
  return maskSensitiveFields(maskSecrets(text)).replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to its first ~`max` chars (single line, secrets masked). */
export function excerpt(text: string, max = BODY_EXCERPT_CHARS): string {
  const flat = flatMasked(text);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The last ~`max` chars of `text` (single line, secrets masked), e.g. where a cut-off body ends. */
export function tailExcerpt(text: string, max: number): string {
  const flat = flatMasked(text);
  return flat.length > max ? `…${flat.slice(-max)}` : flat;
}

/** Statuses whose message shows the API's parsed reason instead of the body excerpt. */
const SAYS_WHY: ReadonlySet<number> = new Set([403, 429]);

/** Fields of an {@link HttpError}. */
export interface HttpErrorInit {
  method: string;
  /** Masked URL. */
  url: string;
  /** HTTP status; 0 when no response was received (connection refused/reset, timeout, truncated body). */
  status: number;
  bodyExcerpt?: string;
  /** The auth type used (`bearer`, `api_key`, ...), if any. */
  authType?: string;
  /** How many attempts were made. */
  attempts?: number;
  /** Why it failed when there is no status (e.g. `connection reset (ECONNRESET)`), or an extra note. */
  reason?: string;
  /** The final response, when there was one (the config layer reads it for response actions). */
  response?: RestResponse;
  /** The API's own reason from its error body (`api_key_locked: The API key is locked.`), secrets masked. */
  apiReason?: string;
  /** Seconds the API asked to wait before the next request (`Retry-After` and the like), when it said. */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * `GET https://host/path?api_key=*** failed with 401 Unauthorized (auth: api_key): {"title":"..."}`;
 * a 403 or 429 shows the API's reason instead of the body:
 * `GET https://host/users failed with 403 Forbidden (auth: api_key): api_key_locked: The API key is locked.`
 */
export class HttpError extends SluiceError {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly bodyExcerpt: string;
  readonly authType: string | undefined;
  readonly attempts: number;
  readonly response: RestResponse | undefined;
  /** See {@link HttpErrorInit.apiReason}. */
  readonly apiReason: string | undefined;
  /** See {@link HttpErrorInit.retryAfter}. */
  readonly retryAfter: number | undefined;

  constructor(init: HttpErrorInit) {
    const statusText = init.status ? `${init.status} ${STATUS_CODES[init.status] ?? ''}`.trim() : '';
    const what = init.status ? `failed with ${statusText}` : 'failed';
    const notes = [
      init.authType ? `auth: ${init.authType}` : '',
      init.attempts && init.attempts > 1 ? `after ${init.attempts} attempts` : '',
    ].filter(Boolean);
    // A refused or rate-limited request names the API's reason instead of the raw body it was read from.
    const ownWords = init.apiReason !== undefined && SAYS_WHY.has(init.status);
    const body = ownWords ? `: ${init.apiReason}` : init.bodyExcerpt ? `: ${init.bodyExcerpt}` : '';
    const reason = init.reason ? `: ${init.reason}` : '';
    super(
      `${init.method} ${init.url} ${what}${notes.length ? ` (${notes.join(', ')})` : ''}${reason}${body}`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.bodyExcerpt = init.bodyExcerpt ?? '';
    this.authType = init.authType;
    this.attempts = init.attempts ?? 1;
    this.response = init.response;
    this.apiReason = init.apiReason;
    this.retryAfter = init.retryAfter;
  }

  /** True for a 429 (the API's rate limit held through every attempt). */
  get rateLimited(): boolean {
    return this.status === 429;
  }
}
