/**
 * Builds an `Auth` from dlt-style config (dlt `create_auth`):
 * - `{ type: 'bearer', token }` (a dict without `type` is bearer too);
 * - `{ type: 'api_key', name?, api_key, location? }`;
 * - `{ type: 'http_basic', username, password? }` or `{ type: 'http_basic', value }` (bare, no colon);
 * - `{ type: 'oauth2_client_credentials', access_token_url, client_id, client_secret, access_token_request_data?, default_token_expiration? }`;
 * - an `Auth` instance (used as is), or a bare token string/`Secret` (bearer shorthand).
 * Credential values may be strings or `Secret`s; each is wrapped as a `Secret`, so it is registered and
 * masked in every log line and error. Custom types are added with {@link registerAuth}.
 */
import { ConfigError } from '../../../../common/errors.js';
import { Secret, type SecretLike } from '../../../../config/secret.js';
import { didYouMean } from '../../../../common/suggest.js';
import type { Auth } from '../types.js';
import { ApiKeyAuth, type ApiKeyLocation } from './api-key.js';
import { BearerAuth } from './bearer.js';
import { HttpBasicAuth } from './http-basic.js';
import { OAuth2ClientCredentials } from './oauth2-client-credentials.js';

/** Builds an auth from the fields of its config dict (everything but `type`). */
export type AuthFactory = (config: Record<string, unknown>) => Auth;

interface Entry {
  factory: AuthFactory;
  keys?: readonly string[];
}

function secretField(type: string, c: Record<string, unknown>, key: string, required = true): SecretLike | undefined {
  const v = c[key];
  if (v === undefined || v === null) {
    if (required) throw new ConfigError(`auth.${key}: required for auth type '${type}' (a string or a secret)`);
    return undefined;
  }
  if (v instanceof Secret) return v;
  if (typeof v === 'string') return v;
  throw new ConfigError(`auth.${key}: expected a string or a secret for auth type '${type}', got ${typeof v}`);
}

function stringField(type: string, c: Record<string, unknown>, key: string): string | undefined {
  const v = c[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ConfigError(`auth.${key}: expected a string for auth type '${type}', got ${JSON.stringify(v)}`);
  return v;
}

const builtins: Record<string, Entry> = {
  bearer: { factory: (c) => new BearerAuth({ token: secretField('bearer', c, 'token')! }), keys: ['token'] },
  api_key: {
    factory: (c) =>
      new ApiKeyAuth({
        api_key: secretField('api_key', c, 'api_key')!,
        name: stringField('api_key', c, 'name'),
        location: stringField('api_key', c, 'location') as ApiKeyLocation | undefined,
      }),
    keys: ['api_key', 'name', 'location'],
  },
  http_basic: {
    factory: (c) => {
      const value = secretField('http_basic', c, 'value', false);
      if (value !== undefined) {
        if (c['username'] !== undefined || c['password'] !== undefined) {
          throw new ConfigError("auth: http_basic takes either value (a bare credential) or username/password, not both");
        }
        return new HttpBasicAuth({ value });
      }
      return new HttpBasicAuth({
        username: secretField('http_basic', c, 'username')!,
        password: secretField('http_basic', c, 'password', false),
      });
    },
    keys: ['username', 'password', 'value'],
  },
  oauth2_client_credentials: {
    factory: (c) => {
      const t = 'oauth2_client_credentials';
      const url = stringField(t, c, 'access_token_url');
      if (!url) throw new ConfigError(`auth.access_token_url: required for auth type '${t}'`);
      const data = c['access_token_request_data'];
      if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
        throw new ConfigError(`auth.access_token_request_data: expected an object of form fields, got ${JSON.stringify(data)}`);
      }
      const exp = c['default_token_expiration'];
      if (exp !== undefined && (typeof exp !== 'number' || !(exp > 0))) {
        throw new ConfigError(`auth.default_token_expiration: expected seconds > 0, got ${JSON.stringify(exp)}`);
      }
      return new OAuth2ClientCredentials({
        access_token_url: url,
        client_id: secretField(t, c, 'client_id')!,
        client_secret: secretField(t, c, 'client_secret')!,
        access_token_request_data: data as Record<string, string> | undefined,
        default_token_expiration: exp as number | undefined,
      });
    },
    keys: ['access_token_url', 'client_id', 'client_secret', 'access_token_request_data', 'default_token_expiration'],
  },
};
const registry = new Map<string, Entry>(Object.entries(builtins));

/**
 * Registers a custom auth type (dlt `register_auth`), usable as `auth: { type, ... }`. Wrap credential
 * fields with `asSecret` in the factory so they are masked.
 * @example registerAuth('hmac', (c) => new HmacAuth(c))
 */
export function registerAuth(type: string, factory: AuthFactory): void {
  if (!type) throw new ConfigError('registerAuth: type name must not be empty');
  registry.set(type, { factory });
}

/** The registered auth type names. */
export function authTypes(): string[] {
  return [...registry.keys()];
}

/** True for objects that implement `Auth`. */
export function isAuth(v: unknown): v is Auth {
  const a = v as Partial<Auth> | null;
  return typeof a === 'object' && a !== null && typeof a.apply === 'function' && typeof a.type === 'string';
}

/**
 * Auth from config; `undefined` for `undefined`/`null`.
 * @throws ConfigError naming the key, what was expected and a did-you-mean hint (never the secret).
 */
export function createAuth(config: unknown): Auth | undefined {
  if (config === undefined || config === null) return undefined;
  if (isAuth(config)) return config;
  if (config instanceof Secret) return new BearerAuth({ token: config });
  if (typeof config === 'string') {
    if (registry.has(config)) {
      throw new ConfigError(`auth: type '${config}' needs its fields; use { type: '${config}', ... }`);
    }
    if (config === '') throw new ConfigError('auth: an empty string is not a token');
    return new BearerAuth({ token: config });
  }
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(`auth: expected { type, ... }, a token string or an Auth instance, got ${Array.isArray(config) ? 'an array' : typeof config}`);
  }
  const { type = 'bearer', ...fields } = config as Record<string, unknown>;
  if (typeof type !== 'string') throw new ConfigError(`auth.type: expected one of ${authTypes().join(', ')}, got ${JSON.stringify(type)}`);
  const entry = registry.get(type);
  if (!entry) throw new ConfigError(`auth.type: '${type}' is not an auth type${didYouMean(type, registry.keys())} (types: ${authTypes().join(', ')})`);
  if (entry.keys) {
    for (const key of Object.keys(fields)) {
      if (!entry.keys.includes(key)) {
        throw new ConfigError(`auth.${key}: unknown field for auth type '${type}'${didYouMean(key, entry.keys)} (fields: ${entry.keys.join(', ')})`);
      }
    }
  }
  return entry.factory(fields);
}
