/**
 * Credentials written into a URL (`https://user:password@host/`), as in a `base_url`. requests (and so
 * dlt) sends them as HTTP Basic auth when no other auth is set; undici ignores them. sluice does what
 * requests does, and never shows them: `maskUserinfo` hides the password (or a lone token) in every URL it
 * prints.
 */
import { registerSecret } from '../../../config/secret.js';

/** Where the `user[:password]@` part of an absolute URL sits: [start, end) with `end` after the `@`. */
function userinfoSpan(url: string): { start: number; end: number } | undefined {
  if (url.indexOf('@') < 0) return undefined;
  const scheme = url.indexOf('://');
  if (scheme < 0) return undefined;
  const start = scheme + 3;
  let end = url.length;
  for (const c of '/?#') {
    const i = url.indexOf(c, start);
    if (i >= 0 && i < end) end = i;
  }
  const at = url.lastIndexOf('@', end - 1);
  return at < start ? undefined : { start, end: at + 1 };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `https://bob:pw@host/p` → `https://bob:***@host/p`; `https://tok@host/` → `https://***@host/`. */
export function maskUserinfo(url: string): string {
  const span = userinfoSpan(url);
  if (!span) return url;
  const info = url.slice(span.start, span.end - 1);
  const colon = info.indexOf(':');
  const masked = colon < 0 ? '***' : `${info.slice(0, colon)}:***`;
  return `${url.slice(0, span.start)}${masked}@${url.slice(span.end)}`;
}

/**
 * The URL without its userinfo, and the `Authorization: Basic …` value it stands for (requests'
 * `get_auth_from_url`: user and password percent-decoded, a missing password is empty). The password and
 * the header value are registered as secrets. `undefined` when the URL has no userinfo.
 */
export function splitUserinfo(url: string): { url: string; authorization: string } | undefined {
  const span = userinfoSpan(url);
  if (!span) return undefined;
  const info = url.slice(span.start, span.end - 1);
  const colon = info.indexOf(':');
  const user = decode(colon < 0 ? info : info.slice(0, colon));
  const password = colon < 0 ? '' : decode(info.slice(colon + 1));
  registerSecret(colon < 0 ? user : password);
  const authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  registerSecret(authorization.slice(6));
  return { url: url.slice(0, span.start) + url.slice(span.end), authorization };
}
