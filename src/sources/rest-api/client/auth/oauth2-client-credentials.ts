/**
 * `oauth2_client_credentials` (dlt `OAuth2ClientCredentials`): on first use, POSTs the form
 * `grant_type=client_credentials&client_id=…&client_secret=…` (+ `access_token_request_data`) to
 * `access_token_url` through the client that sends the API request (so it is retried like any request,
 * with the same runtime settings and dispatcher, as dlt sends it through its session), reads `access_token`
 * and `expires_in` (default `default_token_expiration`), and sends `Authorization: Bearer <token>`.
 * The token is refreshed 10 s (at most a tenth of its lifetime) before it expires; concurrent requests share one token fetch. A 401/403
 * from the token endpoint is reported as bad client credentials.
 */
import { ConfigError, SluiceError } from '../../../../common/errors.js';
import { asSecret, type Secret, type SecretLike } from '../../../../config/secret.js';
import { HttpClient, HttpError } from '../http-client.js';
import type { Auth, RequestSender, RestRequest } from '../types.js';

export interface OAuth2ClientCredentialsOptions {
  access_token_url: string;
  client_id: SecretLike;
  client_secret: SecretLike;
  /** Extra form fields for the token request (e.g. `scope`, `audience`). Default `{}`. */
  access_token_request_data?: Record<string, string | number | boolean>;
  /** Token lifetime in seconds when the response has no `expires_in`. Default 3600. */
  default_token_expiration?: number;
  /** Client for the token request. Default: the client sending the API request (else a private one, closed after each fetch). */
  client?: HttpClient;
}

/** Refresh up to this many ms before the token expires. */
const LEEWAY_MS = 10_000;

export class OAuth2ClientCredentials implements Auth {
  readonly type = 'oauth2_client_credentials';
  readonly accessTokenUrl: string;
  readonly clientId: Secret;
  readonly clientSecret: Secret;
  readonly #opts: OAuth2ClientCredentialsOptions;
  #token: Secret | undefined;
  #expiresAt = 0;
  #leewayMs = 0;
  #pending: Promise<void> | undefined;
  /** Wall clock; replaceable in tests. */
  now: () => number = Date.now;

  constructor(opts: OAuth2ClientCredentialsOptions) {
    if (!opts.access_token_url) throw new ConfigError('auth.access_token_url: required for oauth2_client_credentials');
    this.accessTokenUrl = opts.access_token_url;
    this.clientId = asSecret(opts.client_id);
    this.clientSecret = asSecret(opts.client_secret);
    this.#opts = opts;
  }

  async apply(req: RestRequest, sender?: RequestSender): Promise<void> {
    if (!this.#token || this.now() >= this.#expiresAt - this.#leewayMs) {
      this.#pending ??= this.#fetchToken(sender).finally(() => (this.#pending = undefined));
      await this.#pending;
    }
    req.headers['Authorization'] = `Bearer ${this.#token!.reveal()}`;
  }

  async #fetchToken(sender: RequestSender | undefined): Promise<void> {
    const own = (this.#opts.client ?? sender) === undefined ? new HttpClient() : undefined;
    const client: RequestSender = this.#opts.client ?? sender ?? own!;
    const data: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: this.clientId.reveal(),
      client_secret: this.clientSecret.reveal(),
    };
    for (const [k, v] of Object.entries(this.#opts.access_token_request_data ?? {})) data[k] = String(v);
    let body: unknown;
    try {
      const res = await client.send({ method: 'POST', url: this.accessTokenUrl, params: {}, headers: { Accept: 'application/json' }, data });
      body = res.json();
    } catch (e) {
      if (e instanceof HttpError && (e.status === 401 || e.status === 403 || e.status === 400)) {
        throw new HttpError({
          method: e.method,
          url: e.url,
          status: e.status,
          bodyExcerpt: e.bodyExcerpt,
          authType: this.type,
          reason: 'the token endpoint rejected the client credentials; check client_id, client_secret and access_token_request_data',
          response: e.response,
          cause: e,
        });
      }
      throw e;
    } finally {
      await own?.close();
    }
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof b['access_token'] !== 'string' || !b['access_token']) {
      throw new SluiceError(`OAuth2 token response from ${this.accessTokenUrl} has no access_token (keys: ${Object.keys(b).join(', ') || 'none'})`);
    }
    this.#token = asSecret(b['access_token']);
    const expiresIn = Number(b['expires_in'] ?? this.#opts.default_token_expiration ?? 3600);
    const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn : 3600) * 1000;
    this.#expiresAt = this.now() + lifetimeMs;
    this.#leewayMs = Math.min(LEEWAY_MS, lifetimeMs / 10);
  }
}
