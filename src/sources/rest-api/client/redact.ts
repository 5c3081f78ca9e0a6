/**
 * URL redaction for logs and error messages (dlt `rest_client/redaction.py`): sensitive query params are
 * replaced by `***`, so is the password of a `user:password@` in the URL, then every registered secret is
 * masked with `maskSecrets`.
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

/** `https://host/p?api_key=abc&page=2` → `https://host/p?api_key=***&page=2`; registered secrets are masked too. */
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
      return SENSITIVE_PARAMS.has(name.toLowerCase()) ? `${pair.slice(0, eq)}=***` : pair;
    })
    .join('&');
  return maskSecrets(url.slice(0, q + 1) + masked + (hashAt < 0 ? '' : url.slice(hashAt)));
}
