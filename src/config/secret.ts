/**
 * Secret values. A `Secret` wraps a string that came from a secrets provider (or was declared secret by
 * the user) and masks itself wherever it could be printed: `String()`, template literals, `JSON.stringify`,
 * `util.inspect`/`console.log`. Every secret's raw value is also registered in a process-wide registry so
 * that `maskSecrets(text)` can scrub it from any message, log line, trace or error built from raw strings
 * (e.g. a URL that carries an api key in its query string).
 */
import { inspect } from 'node:util';
import { isConnectionString, lenientDecode } from './connection-string.js';

const MASK = '***';
const registry = new Set<string>();
let pattern: RegExp | null = null;

/** Registers a raw secret value so that `maskSecrets` replaces it everywhere. Values shorter than 4 chars are ignored (too ambiguous to scrub). */
export function registerSecret(value: string): void {
  if (typeof value !== 'string' || value.length < 4 || registry.has(value)) return;
  registry.add(value);
  // Also mask the base64 forms that auth headers carry (http_basic), and the forms an API echoes it in.
  for (const v of [Buffer.from(value).toString('base64'), ...echoedForms(value)]) {
    if (v.length >= 4) registry.add(v.replace(/=+$/, ''));
  }
  pattern = null;
}

/**
 * The ways a response body or a URL may quote `value` back: URL-encoded (upper- and lower-case escapes,
 * and form-encoded, where a space is `+` and `~` is `%7E`), and as the inside of a JSON string (with
 * `\"` and `\\`, and with `/` escaped as `\/`, as PHP's `json_encode` writes it). Each of these once
 * more, too: a next link carried inside another URL's query, an error body quoted inside a JSON error.
 */
function echoedForms(value: string): string[] {
  const once = quotedOnce(value);
  const forms = new Set([...once, ...once.flatMap(quotedOnce)]);
  forms.delete(value);
  return [...forms];
}

function quotedOnce(value: string): string[] {
  const url = encodeURIComponent(value);
  const json = JSON.stringify(value).slice(1, -1);
  return [url, url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()), new URLSearchParams({ v: value }).toString().slice(2), json, json.replace(/\//g, '\\/')];
}

/** A secret's leading characters are masked too once this many of them appear (APIs echo them: "It started with: '...'"). */
const MIN_PREFIX = 8;

/**
 * Replaces every registered secret value in `text` with `***`, and any run of at least 8 of a secret's
 * leading characters (an API that answers "the value you supplied started with 'sk_live_ab'" would
 * otherwise put most of a short secret into an error message).
 */
export function maskSecrets(text: string): string {
  if (registry.size === 0 || typeof text !== 'string') return text;
  if (!pattern) {
    const parts = [...registry].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(parts.join('|'), 'g');
  }
  let out = text.replace(pattern, MASK);
  for (const secret of registry) if (secret.length > MIN_PREFIX) out = maskPrefixes(out, secret);
  return out;
}

/** Masks each place where `secret`'s first MIN_PREFIX (or more) characters appear. */
function maskPrefixes(text: string, secret: string): string {
  const head = secret.slice(0, MIN_PREFIX);
  let at = text.indexOf(head);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    let end = at + MIN_PREFIX;
    while (end < text.length && end - at < secret.length && text[end] === secret[end - at]) end++;
    out += text.slice(from, at) + MASK;
    from = end;
    at = text.indexOf(head, end);
  }
  return out + text.slice(from);
}

/** A string that must never be shown. Call `reveal()` only where the raw value is sent to its service. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
    registerSecret(value);
  }
  /** The raw value. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return MASK;
  }
  [Symbol.toPrimitive](): string {
    return MASK;
  }
  [inspect.custom](): string {
    return `Secret(${MASK})`;
  }
}

/** A value that may be a plain string or a Secret. */
export type SecretLike = string | Secret;

/** The raw value of a string or Secret. */
export function reveal(v: SecretLike): string {
  return v instanceof Secret ? v.reveal() : v;
}

/** Wraps a raw string as a Secret (and registers it); Secrets pass through. */
export function asSecret(v: SecretLike): Secret {
  return v instanceof Secret ? v : new Secret(v);
}

/** The password of a connection string as written and decoded (dlt's grammar: it may hold `:/#?@`), if it has one. */
function connectionStringPassword(s: string): { raw: string; decoded: string } | undefined {
  if (!isConnectionString(s)) return undefined;
  const raw = /^[^:]+:\/\/[^:/@]*:(.*?)@(?:\[[^\]/?]+\]|[^/:?@]+)?(?::[^/?@]*)?(?:\/[^?]*)?(?:\?.*)?$/s.exec(s)?.[1];
  return raw === undefined || raw === '' ? undefined : { raw, decoded: lenientDecode(raw) };
}

/** Key names whose values in a credentials table are secret (a `password`, not a `host` or a `username`). */
const SECRET_KEY = /pass|secret|token|key|private|credential|auth/i;
/**
 * Secret-looking key names that, on a table, name a container of credentials rather than one secret:
 * its leaves are judged by their own keys (`[destination.postgres.credentials]` hides `password`, not
 * `host`). Under any other secret-looking key (`api_key = { ... }`) the whole table is secret.
 */
const CONTAINER_KEY = /^(credentials?|auth)$/i;

/**
 * Registers the secret parts of a raw credentials value for masking, without registering harmless parts
 * (masking every `localhost` or `postgres` in the logs would make them unreadable):
 * - a `Secret` is already registered;
 * - a DSN string (`scheme://user:password@host/db`) registers its password (raw and URL-decoded);
 * - any other string is registered whole;
 * - a table registers, recursively, the string leaves whose key looks secret (`password`, `api_key`,
 *   `client_secret`, `token`, `private_key`, ...) and the passwords of DSN strings anywhere inside it;
 *   a table under a secret-looking key is secret whole, unless the key names a container
 *   ({@link CONTAINER_KEY}: `credentials`, `auth`).
 */
export function registerCredentialSecrets(value: unknown, key?: string): void {
  if (value instanceof Secret) return;
  if (typeof value === 'string') {
    const dsnPassword = connectionStringPassword(value);
    if (dsnPassword !== undefined) {
      registerSecret(dsnPassword.raw);
      registerSecret(dsnPassword.decoded);
    } else if (key === undefined || SECRET_KEY.test(key)) {
      registerSecret(value);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) registerCredentialSecrets(v, key);
    return;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const inherit = key !== undefined && SECRET_KEY.test(key) && !CONTAINER_KEY.test(key);
    for (const [k, v] of Object.entries(value)) registerCredentialSecrets(v, inherit ? key : k);
  }
}
