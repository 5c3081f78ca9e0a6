/**
 * URL redaction for logs and error messages (dlt `rest_client/redaction.py`): sensitive query params are
 * replaced by `***`, so is the password of a `user:password@` in the URL, then every registered secret is
 * masked with `maskSecrets`. Body excerpts hide the values of sensitive fields the same way: a token
 * endpoint's reply holds a token no one registered yet.
 */
import { maskSecrets } from '../../../config/secret.js';
import { maskUserinfo } from './userinfo.js';

/** Query-param names whose values are never shown (compared case-insensitively), as dlt's `SENSITIVE_PARAMS`. */
export const SENSITIVE_PARAMS: ReadonlySet<string> = new Set([
  'api_key',
  'token',
  'key',
  'access_token',
  'apikey',
  'api-key',
  'access-token',
  'secret',
  'password',
  'pwd',
  'client_secret',
]);

/** A query value as its server reads it (`+` is a space, `%2b` is `+`); the raw text when it is not valid percent-encoding. */
function decodeQueryValue(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/**
 * `https://host/p?api_key=abc&page=2` → `https://host/p?api_key=***&page=2`; registered secrets are masked
 * too, and so is a query value that holds one in any percent-encoding (a next link that echoes the key as
 * `K3y%2bZq9`, lower-case or partly encoded, matches none of the secret's registered forms).
 */
export function maskUrl(raw: string): string {
  const url = maskUserinfo(raw);
  const q = url.indexOf('?');
  if (q < 0) return maskSecrets(url);
  const hashAt = url.indexOf('#', q);
  const query = url.slice(q + 1, hashAt < 0 ? undefined : hashAt);
  const masked = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        /* keep raw name */
      }
      if (SENSITIVE_PARAMS.has(name.toLowerCase())) return `${pair.slice(0, eq)}=***`;
      const value = decodeQueryValue(pair.slice(eq + 1));
      return maskSecrets(value) === value ? pair : `${pair.slice(0, eq)}=***`;
    })
    .join('&');
  return maskSecrets(url.slice(0, q + 1) + masked + (hashAt < 0 ? '' : url.slice(hashAt)));
}

/**
 * Field names whose values a body excerpt never shows: the sensitive params but `key` (a common field
 * name in API errors: `{"key":"rate_limit"}`), and the other OAuth2 token fields.
 */
const SENSITIVE_FIELDS = [...SENSITIVE_PARAMS].filter((n) => n !== 'key').concat('refresh_token', 'id_token');

/** `"access_token": "…"`, `'token':'…'`, `access_token=…`: a name, `:` or `=`, then a string or a bare scalar. */
const FIELD_VALUE = new RegExp(
  `((?:^|[^\\w-])["']?(?:${SENSITIVE_FIELDS.map((n) => n.replace(/-/g, '\\-')).join('|')})["']?\\s*[:=]\\s*)` +
    `("(?:[^"\\\\]|\\\\.)*"?|'[^']*'?|[^\\s&,;}\\]\\[{"']+)`,
  'gi',
);

/**
 * `{"access_token":"at_9f…","token_type":"bearer"}` → `{"access_token":"***","token_type":"bearer"}`, and
 * so for a form-encoded `access_token=…&…` or a cut-off body; values that are objects or lists are kept.
 */
export function maskSensitiveFields(text: string): string {
  return text.replace(FIELD_VALUE, (_m, head: string, v: string) => head + (v.startsWith('"') ? '"***"' : v.startsWith("'") ? "'***'" : '***'));
}
