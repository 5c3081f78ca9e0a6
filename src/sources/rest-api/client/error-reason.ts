/**
 * The API's own reason for a refused request, read from its error body. Error bodies differ only in the
 * names of their fields, so the names are data ({@link CODE_FIELDS}, {@link MESSAGE_FIELDS}):
 *
 * | API | body |
 * |---|---|
 * | Passwordless | `{"type","title","status","detail"?,"errorCode"?}` (RFC 7807) |
 * | Authsignal | `{"error","errorCode","errorDescription"}` |
 * | Descope | `{"errorCode","errorDescription","errorMessage"}` |
 * | 1Password Connect | `{"status","message"}` |
 * | 1Password Events | `{"Error":{"Message"}}` |
 * | PropelAuth, others | plain text |
 *
 * plus the OAuth 2 shape (`error`, `error_description`) and `{"error":{"code","message"}}`.
 */
import { excerpt } from './http-error.js';

/** Dotted paths of a machine-readable error code, first found wins. */
export const CODE_FIELDS: readonly string[] = ['errorCode', 'error_code', 'code', 'error', 'error.code', 'Error.Code'];

/** Dotted paths of human-readable messages; every distinct one found is kept, in this order. */
export const MESSAGE_FIELDS: readonly string[] = [
  'title',
  'detail',
  'errorDescription',
  'errorMessage',
  'error_description',
  'message',
  'error.message',
  'Error.Message',
];

/** Longest reason kept, in characters. */
const MAX_REASON = 300;

function at(body: unknown, path: string): unknown {
  let cur = body;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * `api_key_locked: The API key is locked.` from an error body, secrets masked and cut to ~300 chars;
 * a short plain-text body is its own reason; `undefined` for an empty, HTML or unrecognised body.
 */
export function apiErrorReason(text: string, contentType = ''): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(t);
  } catch {
    if (/html|xml/i.test(contentType) || t.startsWith('<')) return undefined;
    return excerpt(t, MAX_REASON);
  }
  const code = CODE_FIELDS.map((p) => str(at(body, p))).find((c) => c !== undefined);
  const messages: string[] = [];
  for (const p of MESSAGE_FIELDS) {
    const m = str(at(body, p));
    if (m !== undefined && m !== code && !messages.includes(m)) messages.push(m);
  }
  if (code === undefined && messages.length === 0) return undefined;
  const parts = [code, messages.join(' ')].filter(Boolean);
  return excerpt(parts.join(': '), MAX_REASON);
}
