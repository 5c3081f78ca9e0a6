/**
 * The HTTP client every REST resource sends through: a pooled keep-alive undici `Agent`, dlt's retry
 * policy (see `retry.ts`), auth applied per attempt, decompression, secrets masked in every log line and
 * error. One `HttpClient` is meant to be shared by all resources of a source.
 *
 * Hot path per request: one shallow request copy (only when auth is set), one URL build, one undici
 * `request`, one buffer → string decode (see `body-text.ts`), one `JSON.parse` (eager for JSON content
 * types, cached for `json()`). Nothing else is allocated unless debug logging is on or the request fails.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { Agent, interceptors, request as undiciRequest, type Dispatcher } from 'undici';
import { ConfigError } from '../../../common/errors.js';
import { RUNTIME_REQUEST_SETTINGS, resolveRuntimeConfig, type RuntimeRequestKey } from '../../../config/runtime-config.js';
import type { ResolveOptions } from '../../../config/resolve-fields.js';
import { getLogLevel, log } from '../../../common/log.js';
import { HttpError, excerpt, tailExcerpt } from './http-error.js';
import { concatChunks } from './body-text.js';
import { HttpResponse, isJsonContentType } from './rest-response.js';
import { maskUrl } from './redact.js';
import { splitUserinfo } from './userinfo.js';
import { apiErrorReason } from './error-reason.js';
import { WAIT_SIGNALS, requestedWait, type RequestedWait } from './rate-limit.js';
import { backoffSeconds, describeTransportError, isRetryableError, isRetryableStatus } from './retry.js';
import type { Auth, RestRequest, RestResponse } from './types.js';

export { HttpError } from './http-error.js';

/** Runtime settings of the HTTP client; names follow dlt's `[runtime]` keys in camelCase. */
export interface RuntimeOptions {
  /** Seconds allowed to connect, to receive the response headers, and between two body chunks. Default 60 (`runtime.request_timeout`). */
  requestTimeout: number;
  /** Total attempts per request, including the first one. Default 5 (`runtime.request_max_attempts`). */
  requestMaxAttempts: number;
  /** Exponential backoff multiplier: waits `factor * 2^(n-1)` s, i.e. 1, 2, 4, 8 s. Default 1 (`runtime.request_backoff_factor`). */
  requestBackoffFactor: number;
  /** Upper bound in seconds for any wait, exponential or `Retry-After`. Default 300 (`runtime.request_max_retry_delay`). */
  requestMaxRetryDelay: number;
  /**
   * Backoff multiplier for a 429 that says nothing about when to come back (no `Retry-After` or reset
   * header): waits `factor * 2^(n-1)` s, i.e. 5, 10, 20, 40 s — 75 s over 5 attempts, enough for a
   * per-minute window (1Password Events: 600/min). Default 5 (`runtime.request_rate_limit_backoff_factor`;
   * sluice only: dlt backs off 1, 2, 4, 8 s for every retried status).
   */
  requestRateLimitBackoffFactor: number;
  /** Keep-alive connections per origin. Default 50 (dlt's `pool_maxsize`). */
  connections: number;
  /** Redirects followed per request (0 disables). Default 10. */
  maxRedirections: number;
  /** Waits `ms` between attempts (and should end early when `signal` aborts). Default: a real timer. Tests inject a fake to assert the waits. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock (ms since the epoch) an HTTP-date or a reset time is measured against. Default `Date.now`. Tests inject a fixed one. */
  now: () => number;
  /** Retry a response for which this returns true (e.g. a 200 that carries an error). Applies to every request of this client. */
  retryIf?: (res: RestResponse) => boolean;
  /** Use this dispatcher (e.g. a proxy agent) instead of the client's own pooled `Agent`; it is not closed by `close()`. */
  dispatcher?: Dispatcher;
}

/** Per-request options of {@link HttpClient.send}. */
export interface SendOptions {
  /** Retry this request's responses for which this returns true (in addition to the client-wide hook). */
  retryIf?: (res: RestResponse) => boolean;
  /**
   * Return a response for which this returns true as it is, whatever its status: no retry, no error. The
   * REST source passes its `ignore` response actions here, so a matching 5xx/429 is ignored at once, as in
   * dlt (whose response hooks run inside each attempt). Default: none.
   */
  acceptIf?: (res: RestResponse) => boolean;
  /** Aborts the request (and any wait between attempts). */
  signal?: AbortSignal;
}

/** The request options `[runtime]` sets, by option name. */
type RequestOption = (typeof RUNTIME_REQUEST_SETTINGS)[RuntimeRequestKey]['option'];
const REQUEST_SETTINGS = Object.entries(RUNTIME_REQUEST_SETTINGS) as [RuntimeRequestKey, (typeof RUNTIME_REQUEST_SETTINGS)[RuntimeRequestKey]][];

/** dlt's defaults (the request ones from {@link RUNTIME_REQUEST_SETTINGS}). */
export const DEFAULT_RUNTIME_OPTIONS: Readonly<RuntimeOptions> = Object.freeze({
  ...(Object.fromEntries(REQUEST_SETTINGS.map(([, s]) => [s.option, s.default])) as Record<RequestOption, number>),
  connections: 50,
  maxRedirections: 10,
  sleep: (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }),
  now: () => Date.now(),
});

/**
 * Reads runtime options from dlt-keyed values (`request_timeout`, `request_max_attempts`,
 * `request_backoff_factor`, `request_max_retry_delay`, and sluice's `request_rate_limit_backoff_factor`), e.g. the `[runtime]` table of `config.toml`.
 * Numbers or numeric strings; `where` names the source in errors. Unknown keys are ignored.
 */
export function runtimeOptionsFromConfig(values: Record<string, unknown>, where = 'runtime'): Partial<RuntimeOptions> {
  const out: Partial<Record<RequestOption, number>> = {};
  for (const [key, { option, integer }] of REQUEST_SETTINGS) {
    const raw = values[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
    if (!Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n < 1))) {
      throw new ConfigError(
        `${where}.${key}: expected ${integer ? 'an integer ≥ 1' : 'a number ≥ 0'}, got ${JSON.stringify(raw)}`,
      );
    }
    out[option] = n;
  }
  return out;
}

/**
 * The `[runtime]` settings from every config provider — `RUNTIME__*` env vars, then `.dlt/config.toml` of
 * the project, then the global one — as options (dlt reads its `[runtime]` section the same way).
 */
export function runtimeOptionsFromProviders(options: ResolveOptions = {}): Partial<RuntimeOptions> {
  return runtimeOptionsFromConfig({ ...resolveRuntimeConfig(options) });
}

/** `sluice/<version>` from package.json. */
export const USER_AGENT = `sluice/${readVersion()}`;
function readVersion(): string {
  try {
    // src/sources/rest-api/client/ and dist/sources/rest-api/client/ are both four levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The full URL of a request: `url` plus its defined `params` as a query string (appended to any query already in `url`). */
export function buildUrl(req: Pick<RestRequest, 'url' | 'params'>): string {
  let qs = '';
  const params = req.params;
  for (const k in params) {
    const v = params[k];
    if (v === undefined) continue;
    qs += `${qs ? '&' : ''}${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`;
  }
  if (!qs) return req.url;
  const q = req.url.indexOf('?');
  if (q < 0) return `${req.url}?${qs}`;
  return req.url.endsWith('?') || req.url.endsWith('&') ? req.url + qs : `${req.url}&${qs}`;
}

/**
 * `url` without its query params named `name` (a next-page link that echoes the key, a base_url that
 * carries one): a param the request sets itself is then sent once, with the request's value.
 */
export function withoutQueryParam(url: string, name: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const nameOf = (pair: string): string => {
    const raw = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  };
  const kept = url.slice(q + 1, end).split('&').filter((pair) => pair !== '' && nameOf(pair) !== name);
  return `${url.slice(0, q)}${kept.length ? `?${kept.join('&')}` : ''}${url.slice(end)}`;
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

async function decompress(buf: Buffer, encoding: string): Promise<Buffer> {
  for (const enc of encoding.split(',').map((s) => s.trim().toLowerCase()).reverse()) {
    if (enc === 'gzip' || enc === 'x-gzip') buf = await gunzip(buf);
    else if (enc === 'br') buf = await brotli(buf);
    else if (enc === 'deflate') buf = await inflate(buf).catch(() => inflateRaw(buf));
    else if (enc !== 'identity' && enc !== '') throw new Error(`unsupported content-encoding ${enc}`);
  }
  return buf;
}

/** A non-429 retried status is read for `Retry-After` only (a quota reset says nothing about a 503). */
const RETRY_AFTER_ONLY = WAIT_SIGNALS.filter((s) => s.header === 'Retry-After');

/** `12`, `1.5`, `0.25` — seconds for messages. */
const seconds = (s: number): string => String(Math.round(s * 100) / 100);

/** Thrown internally for a body that arrived incomplete; retried like a reset connection. */
class TruncatedBodyError extends Error {
  readonly code = 'TRUNCATED_BODY';
}

/** Sends `RestRequest`s with retries; see the module comment and `retry.ts` for the policy. */
export class HttpClient {
  /** The effective options: defaults ← `[runtime]` (`RUNTIME__*` env vars, `.dlt/config.toml`) ← constructor options. */
  readonly options: Readonly<RuntimeOptions>;
  readonly #dispatcher: Dispatcher;
  readonly #own: Agent | undefined;
  readonly #timeoutMs: number;

  /**
   * @param opts overrides of {@link DEFAULT_RUNTIME_OPTIONS} (after the `[runtime]` settings, see {@link runtimeOptionsFromProviders}).
   * @param configScope where `[runtime]` is read: with `pipelineName`, `[<pipeline>.runtime]` wins over `[runtime]`. Default: `[runtime]` only.
   */
  constructor(opts: Partial<RuntimeOptions> = {}, configScope: ResolveOptions = {}) {
    const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<RuntimeOptions>;
    this.options = Object.freeze({ ...DEFAULT_RUNTIME_OPTIONS, ...runtimeOptionsFromProviders(configScope), ...defined });
    const o = this.options;
    if (!Number.isInteger(o.requestMaxAttempts) || o.requestMaxAttempts < 1) {
      throw new ConfigError(`runtime.request_max_attempts: expected an integer ≥ 1, got ${String(o.requestMaxAttempts)}`);
    }
    this.#timeoutMs = Math.max(1, Math.round(o.requestTimeout * 1000));
    if (o.dispatcher) {
      this.#dispatcher = o.dispatcher;
    } else {
      this.#own = new Agent({
        connections: o.connections,
        connectTimeout: this.#timeoutMs,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      this.#dispatcher =
        o.maxRedirections > 0 ? this.#own.compose(interceptors.redirect({ maxRedirections: o.maxRedirections })) : this.#own;
    }
  }

  /**
   * Sends `req` (with `auth` applied to a copy of it, per attempt) and returns the completely read
   * response. Retries per the policy; returns a response `acceptIf` accepts at once; throws
   * {@link HttpError} for 401/403 at once, for any other final
   * status ≥ 400, for a retry condition still true after the last attempt, and for transport failures
   * once attempts are exhausted (status 0).
   */
  async send(req: RestRequest, auth?: Auth, opts?: SendOptions): Promise<RestResponse> {
    const o = this.options;
    const max = o.requestMaxAttempts;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let res: HttpResponse | undefined;
      let failure: unknown;
      const sent = auth ? { ...req, params: { ...req.params }, headers: { ...req.headers } } : req;
      if (auth) {
        const p = auth.apply(sent, this);
        if (p) await p;
      }
      const url = buildUrl(sent);
      try {
        res = await this.#once(req, sent, url, opts?.signal, auth !== undefined);
      } catch (e) {
        if (opts?.signal?.aborted) throw e;
        failure = e;
      }
      let waitS: number;
      let why: string;
      if (res) {
        const st = res.status;
        if (opts?.acceptIf?.(res)) return res;
        if (st === 401 || st === 403) throw this.#statusError(res, url, auth?.type ?? 'none', attempt);
        const retryStatus = isRetryableStatus(st);
        const retryHook = !retryStatus && st < 400 && ((opts?.retryIf?.(res) ?? false) || (o.retryIf?.(res) ?? false));
        if (!retryStatus && !retryHook) {
          if (st >= 400) throw this.#statusError(res, url, auth?.type, attempt);
          return res;
        }
        const asked = requestedWait(res.headers, o.now(), st === 429 ? WAIT_SIGNALS : RETRY_AFTER_ONLY);
        if (attempt >= max) {
          const note = retryHook ? 'the retry condition still matched' : st === 429 ? this.#rateLimitNote(asked, waited) : undefined;
          throw this.#statusError(res, url, auth?.type, attempt, note, asked?.seconds);
        }
        const factor = st === 429 ? o.requestRateLimitBackoffFactor : o.requestBackoffFactor;
        waitS = asked ? Math.min(asked.seconds, o.requestMaxRetryDelay) : backoffSeconds(attempt, factor, o.requestMaxRetryDelay);
        why = retryHook ? `${st} matched the retry condition` : `${st}${asked ? ` (${asked.source})` : ''}`;
      } else {
        if (!isRetryableError(failure) || attempt >= max) {
          throw new HttpError({
            method: req.method,
            url: maskUrl(url),
            status: 0,
            authType: auth?.type,
            attempts: attempt,
            reason: describeTransportError(failure),
            cause: failure,
          });
        }
        waitS = backoffSeconds(attempt, o.requestBackoffFactor, o.requestMaxRetryDelay);
        why = describeTransportError(failure);
      }
      log.info(`Retrying ${req.method} ${maskUrl(url)} in ${waitS} s (attempt ${attempt + 1} of ${max}) after ${why}`);
      await o.sleep(Math.round(waitS * 1000), opts?.signal);
      waited += waitS;
      if (opts?.signal?.aborted) throw opts.signal.reason;
    }
  }

  /** Why a 429 still failed: the wait the API asked for, or that it named none and how long was waited. */
  #rateLimitNote(asked: RequestedWait | undefined, waitedS: number): string {
    const cap = this.options.requestMaxRetryDelay;
    if (asked) {
      const over = asked.seconds > cap ? `, more than runtime.request_max_retry_delay (${cap} s)` : '';
      return `rate limited; the API asks to wait ${seconds(asked.seconds)} s (${asked.source})${over}`;
    }
    return (
      `rate limited; the API named no wait (no Retry-After or RateLimit-Reset header), ${seconds(waitedS)} s waited in all; ` +
      'raise runtime.request_max_attempts or runtime.request_rate_limit_backoff_factor for a per-minute or per-hour limit'
    );
  }

  #statusError(
    res: HttpResponse,
    url: string,
    authType: string | undefined,
    attempts: number,
    reason?: string,
    retryAfter?: number,
  ): HttpError {
    return new HttpError({
      method: res.request.method,
      url: maskUrl(url),
      status: res.status,
      bodyExcerpt: excerpt(res.text),
      authType,
      attempts,
      reason,
      response: res,
      apiReason: apiErrorReason(res.text, res.headers['content-type']),
      retryAfter,
    });
  }

  async #once(orig: RestRequest, req: RestRequest, url: string, signal: AbortSignal | undefined, hasAuth: boolean): Promise<HttpResponse> {
    if (getLogLevel() === 'DEBUG') log.debug(`Making ${req.method} request to ${maskUrl(url)}`);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'gzip, deflate, br' };
    for (const k in req.headers) headers[k.toLowerCase()] = req.headers[k]!;
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (typeof req.data === 'string') {
      body = req.data;
    } else if (req.data) {
      body = new URLSearchParams(req.data).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    // Credentials in the URL (`https://user:pw@host/`) are Basic auth when no auth is set, as in requests.
    const cred = splitUserinfo(url);
    if (cred && !hasAuth) headers['authorization'] ??= cred.authorization;
    const r = await undiciRequest(cred ? cred.url : url, {
      dispatcher: this.#dispatcher,
      method: req.method,
      headers,
      body,
      signal,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
    let chunks: Buffer[] = [];
    let size = 0;
    for await (const c of r.body) {
      chunks.push(c as Buffer);
      size += (c as Buffer).length;
    }
    const h: Record<string, string> = {};
    for (const k in r.headers) {
      const v = r.headers[k];
      if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const enc = h['content-encoding'];
    if (enc) {
      const buf = await decompress(concatChunks(chunks, size), enc);
      chunks = [buf];
      size = buf.length;
    } else if (h['content-length'] !== undefined && size < Number(h['content-length'])) {
      throw new TruncatedBodyError(`body has ${size} of ${h['content-length']} bytes`);
    }
    const ct = h['content-type'];
    const res = new HttpResponse(orig, r.statusCode, h, { chunks, size }, url);
    if (r.statusCode < 300 && isJsonContentType(ct) && res.tryParse() === 'truncated') {
      throw new TruncatedBodyError(`JSON body ends early: ${tailExcerpt(res.text, 80)}`);
    }
    return res;
  }

  /** Closes the pooled connections (not an injected dispatcher). Idempotent. */
  async close(): Promise<void> {
    if (this.#own && !this.#own.closed) await this.#own.close();
  }
}
