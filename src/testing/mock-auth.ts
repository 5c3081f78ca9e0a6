/**
 * Credential checks for `MockApi`, and the OAuth2 client-credentials token endpoint it can serve.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** What the mock requires on every route (unless a route sets `auth: false`). */
export type MockAuth =
  | { type: 'bearer'; token: string }
  | { type: 'api_key'; name: string; value: string; location?: 'header' | 'query' }
  | { type: 'http_basic'; username: string; password?: string }
  /** Basic with a bare value: `Authorization: Basic base64(value)` (no colon). */
  | { type: 'http_basic'; value: string }
  /** Serves `POST tokenPath` (form: grant_type=client_credentials, client_id, client_secret) and accepts the tokens it issued. */
  | { type: 'oauth2'; clientId: string; clientSecret: string; tokenPath?: string; expiresIn?: number };

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Issued OAuth tokens and their expiry. */
export class TokenStore {
  readonly #tokens = new Map<string, number>();
  /** How many tokens were issued. */
  issued = 0;
  issue(expiresInS: number): string {
    const t = `tok_${++this.issued}_${randomBytes(6).toString('hex')}`;
    this.#tokens.set(t, Date.now() + expiresInS * 1000);
    return t;
  }
  valid(t: string): boolean {
    const exp = this.#tokens.get(t);
    return exp !== undefined && Date.now() < exp;
  }
}

/** True when the request carries the required credentials. */
export function checkAuth(
  auth: MockAuth,
  headers: Record<string, string>,
  query: Record<string, string>,
  tokens: TokenStore,
): boolean {
  const authz = headers['authorization'];
  switch (auth.type) {
    case 'bearer':
      return same(authz, `Bearer ${auth.token}`);
    case 'api_key':
      return auth.location === 'query' ? same(query[auth.name], auth.value) : same(headers[auth.name.toLowerCase()], auth.value);
    case 'http_basic': {
      const raw = 'value' in auth ? auth.value : `${auth.username}:${auth.password ?? ''}`;
      return same(authz, `Basic ${Buffer.from(raw).toString('base64')}`);
    }
    case 'oauth2':
      return authz?.startsWith('Bearer ') === true && tokens.valid(authz.slice(7));
  }
}

/** Handles a token request body; returns [status, json]. */
export function tokenResponse(
  auth: Extract<MockAuth, { type: 'oauth2' }>,
  form: Record<string, string>,
  tokens: TokenStore,
): [number, unknown] {
  if (form['grant_type'] !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }];
  if (!same(form['client_id'], auth.clientId) || !same(form['client_secret'], auth.clientSecret)) {
    return [401, { error: 'invalid_client', error_description: 'Client authentication failed' }];
  }
  const expiresIn = auth.expiresIn ?? 3600;
  return [200, { access_token: tokens.issue(expiresIn), token_type: 'Bearer', expires_in: expiresIn }];
}
