/**
 * `api_key` (dlt `APIKeyAuth`): the key is sent verbatim — no prefix — in a header (default
 * `Authorization`), a query param (`location: 'query'` or `'param'`) or a cookie. Passwordless:
 * `{ type: 'api_key', name: 'ApiSecret', api_key: secret }` sends `ApiSecret: <secret>`.
 */
import { ConfigError } from '../../../../common/errors.js';
import { asSecret, type Secret, type SecretLike } from '../../../../config/secret.js';
import { withoutQueryParam } from '../http-client.js';
import type { Auth, RestRequest } from '../types.js';

/** Where the key goes. `param` is an alias of `query` (dlt). */
export type ApiKeyLocation = 'header' | 'query' | 'param' | 'cookie';

export interface ApiKeyAuthOptions {
  /** The key, sent as is. */
  api_key: SecretLike;
  /** Header, query-param or cookie name. Default `Authorization`. */
  name?: string;
  /** Default `header`. */
  location?: ApiKeyLocation;
}

/**
 * The key as a cookie value: sent as it is when every character is an RFC 6265 cookie-octet (so a base64
 * key keeps its `+`, `/` and `=`, which servers compare byte for byte); only other characters (space,
 * `"`, `,`, `;`, backslash, control and non-ASCII characters) are percent-encoded.
 */
export function cookieValue(v: string): string {
  return v.replace(/[^\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]/gu, (c) => encodeURIComponent(c));
}

export class ApiKeyAuth implements Auth {
  readonly type = 'api_key';
  readonly apiKey: Secret;
  readonly name: string;
  readonly location: ApiKeyLocation;
  constructor(opts: ApiKeyAuthOptions) {
    this.apiKey = asSecret(opts.api_key);
    this.name = opts.name ?? 'Authorization';
    this.location = opts.location ?? 'header';
    if (!['header', 'query', 'param', 'cookie'].includes(this.location)) {
      throw new ConfigError(`auth.location: expected header, query, param or cookie, got ${JSON.stringify(this.location)}`);
    }
    if (!this.name) throw new ConfigError('auth.name: must not be empty');
  }
  apply(req: RestRequest): void {
    const v = this.apiKey.reveal();
    if (this.location === 'header') req.headers[this.name] = v;
    else if (this.location === 'cookie') {
      const prev = req.headers['Cookie'] ?? req.headers['cookie'];
      req.headers['Cookie'] = `${prev ? `${prev}; ` : ''}${this.name}=${cookieValue(v)}`;
    } else {
      // Set, not added: a key already in the URL (a next link echoing it) is replaced, never sent twice.
      req.url = withoutQueryParam(req.url, this.name);
      req.params[this.name] = v;
    }
  }
}
