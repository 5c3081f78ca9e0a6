/**
 * PostgreSQL credentials, dlt's `ConnectionStringCredentials`: a DSN
 * (`postgresql://loader:pw@localhost:5432/db?connect_timeout=15`) or parts
 * `{ database, username, password, host, port=5432, connect_timeout=15 }`. The password is held as a
 * `Secret` (registered for masking) and shown as `***` by `toDisplayString()`.
 */
import { ConfigError } from '../../common/errors.js';
import { asSecret, reveal, Secret, type SecretLike } from '../../config/secret.js';

/** Credentials as the user may write them (TOML table, env JSON, or code). */
export interface PostgresCredentialParts {
  database: string;
  /** dlt's key; `user` is accepted too. */
  username?: string;
  user?: string;
  password?: SecretLike;
  /** Default `localhost`. */
  host?: string;
  /** Default 5432. */
  port?: number | string;
  /** Seconds to wait for a connection. Default 15. */
  connect_timeout?: number | string;
}

export type PostgresCredentialsInput = string | PostgresCredentialParts | PostgresCredentials;

export class PostgresCredentials {
  readonly database: string;
  readonly username: string;
  readonly password?: Secret;
  readonly host: string;
  readonly port: number;
  readonly connectTimeout: number;

  constructor(parts: PostgresCredentialParts) {
    if (!parts.database) throw new ConfigError('postgres credentials: database is required (e.g. postgresql://loader:***@localhost:5432/dlt_data)');
    this.database = parts.database;
    this.username = parts.username ?? parts.user ?? 'postgres';
    this.password = parts.password === undefined || parts.password === '' ? undefined : asSecret(parts.password);
    this.host = parts.host ?? 'localhost';
    this.port = toInt(parts.port ?? 5432, 'port');
    this.connectTimeout = toInt(parts.connect_timeout ?? 15, 'connect_timeout');
  }

  /** Parses a DSN or a parts table; Secrets and PostgresCredentials pass through. */
  static from(input: PostgresCredentialsInput | Secret): PostgresCredentials {
    if (input instanceof PostgresCredentials) return input;
    if (input instanceof Secret) return PostgresCredentials.parse(input.reveal());
    if (typeof input === 'string') return PostgresCredentials.parse(input);
    if (input && typeof input === 'object') return new PostgresCredentials(input);
    throw new ConfigError(`postgres credentials: expected a connection string or { database, username, password, host, port }, got ${typeof input}`);
  }

  /** Parses `postgres[ql]://user:password@host:port/database?connect_timeout=15`. */
  static parse(dsn: string): PostgresCredentials {
    let url: URL;
    try {
      url = new URL(dsn);
    } catch {
      throw new ConfigError(`postgres credentials: not a connection string (expected postgresql://user:password@host:5432/database)`);
    }
    if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
      throw new ConfigError(`postgres credentials: scheme '${url.protocol.replace(/:$/, '')}' is not postgresql (expected postgresql://user:password@host:5432/database)`);
    }
    const ct = url.searchParams.get('connect_timeout');
    return new PostgresCredentials({
      database: decodeURIComponent(url.pathname.replace(/^\//, '')),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? new Secret(decodeURIComponent(url.password)) : undefined,
      host: url.hostname ? url.hostname.replace(/^\[|\]$/g, '') : undefined,
      port: url.port || undefined,
      connect_timeout: ct ?? undefined,
    });
  }

  /** The DSN with the password masked: `postgresql://loader:***@localhost:5432/db`. */
  toDisplayString(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `postgresql://${encodeURIComponent(this.username)}${this.password ? ':***' : ''}@${host}:${this.port}/${encodeURIComponent(this.database)}`;
  }

  /** Options for `new pg.Client(...)` (the only place the password is revealed). */
  toClientConfig(): { database: string; user: string; password?: string; host: string; port: number; connectionTimeoutMillis: number } {
    return {
      database: this.database,
      user: this.username,
      password: this.password ? reveal(this.password) : undefined,
      host: this.host,
      port: this.port,
      connectionTimeoutMillis: this.connectTimeout * 1000,
    };
  }
}

function toInt(v: number | string, key: string): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`postgres credentials: ${key} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}
