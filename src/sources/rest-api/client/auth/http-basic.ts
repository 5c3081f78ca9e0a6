/**
 * `http_basic` (dlt `HttpBasicAuth`): `Authorization: Basic base64(username:password)`.
 * - `password` omitted or `''` → `base64("username:")` (Authsignal's server API: the secret key as
 *   username, empty password).
 * - A bare value with no colon (Authsignal's client API: `Basic base64(tenantId)`): give `value` instead
 *   of username/password — `{ type: 'http_basic', value: tenantId }` — and it is base64-encoded as is.
 */
import { ConfigError } from '../../../../common/errors.js';
import { asSecret, type Secret, type SecretLike } from '../../../../config/secret.js';
import type { Auth, RestRequest } from '../types.js';

export type HttpBasicAuthOptions =
  | { username: SecretLike; password?: SecretLike; value?: undefined }
  | { value: SecretLike; username?: undefined; password?: undefined };

export class HttpBasicAuth implements Auth {
  readonly type = 'http_basic';
  /** The encoded header value, kept as a Secret (its base64 form is registered for masking too). */
  readonly #header: Secret;
  constructor(opts: HttpBasicAuthOptions) {
    let raw: string;
    if (opts.value !== undefined) {
      if (opts.username !== undefined) throw new ConfigError('auth: http_basic takes either value or username/password, not both');
      raw = asSecret(opts.value).reveal();
    } else {
      if (opts.username === undefined) throw new ConfigError('auth.username: required for http_basic (or give value for a bare credential)');
      raw = `${asSecret(opts.username).reveal()}:${opts.password === undefined ? '' : asSecret(opts.password).reveal()}`;
    }
    this.#header = asSecret(`Basic ${Buffer.from(raw, 'utf8').toString('base64')}`);
    asSecret(raw);
  }
  apply(req: RestRequest): void {
    req.headers['Authorization'] = this.#header.reveal();
  }
}
