/**
 * PostgreSQL credentials, dlt's `ConnectionStringCredentials`: a DSN
 * (`postgresql://loader:pw@localhost:5432/db?sslmode=require&connect_timeout=15`, parsed with dlt's
 * grammar, see `config/connection-string.ts`) or parts
 * `{ database, username, password, host, port=5432, connect_timeout=15, query }`. The password is held as
 * a `Secret` (registered for masking) and shown as `***` by `toDisplayString()`. The query parameters
 * (`sslmode`, `sslrootcert`, `application_name`, ...) reach the connection (`postgres-query-params.ts`).
 */
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../../common/errors.js';
import { parseConnectionString } from '../../config/connection-string.js';
import { asSecret, reveal, Secret, type SecretLike } from '../../config/secret.js';
import { pgQueryOptions } from './postgres-query-params.js';

/** Credentials as the user may write them (TOML table, env JSON, or code). */
export interface PostgresCredentialParts {
  /** Required (checked when the credentials are built). */
  database?: string;
  /** dlt's key; `user` is accepted too. */
  username?: string;
  user?: string;
  password?: SecretLike;
  /** Default `localhost`. */
  host?: string;
  /** Default 5432. */
  port?: number | string;
  /** Seconds to wait for a connection. Default 15 (or the query's `connect_timeout`). */
  connect_timeout?: number | string;
  /** libpq connection parameters, as a DSN's query string holds them: `{ sslmode = "require" }`. Default none. */
  query?: Record<string, string | number | boolean>;
  /** The DSN scheme (dlt's field); only `postgres`/`postgresql` are accepted. */
  drivername?: string;
}

/** The fields a credentials table holds, as config keys (`DESTINATION__POSTGRES__CREDENTIALS__<FIELD>`). */
export const POSTGRES_CREDENTIAL_FIELDS = ['database', 'username', 'password', 'host', 'port'] as const;

export type PostgresCredentialsInput = string | PostgresCredentialParts | PostgresCredentials;

export class PostgresCredentials {
  readonly database: string;
  readonly username: string;
  readonly password?: Secret;
  readonly host: string;
  readonly port: number;
  readonly connectTimeout: number;
  /** The libpq parameters of the DSN's query string or of the `query` table (`connect_timeout` read into `connectTimeout`). */
  readonly query: Readonly<Record<string, string>>;

  constructor(parts: PostgresCredentialParts) {
    if (parts.drivername !== undefined && parts.drivername !== 'postgresql' && parts.drivername !== 'postgres') {
      throw new ConfigError(`postgres credentials: scheme '${parts.drivername}' is not postgresql (expected postgresql://user:password@host:5432/database)`);
    }
    if (!parts.database) throw new ConfigError('postgres credentials: database is required (e.g. postgresql://loader:***@localhost:5432/dlt_data)');
    this.database = parts.database;
    this.username = parts.username ?? parts.user ?? 'postgres';
    this.password = parts.password === undefined || parts.password === '' ? undefined : asSecret(parts.password);
    this.host = parts.host ?? 'localhost';
    this.port = toInt(parts.port ?? 5432, 'port');
    this.query = Object.fromEntries(Object.entries(parts.query ?? {}).map(([k, v]) => [k, String(v)]));
    this.connectTimeout = toInt(parts.connect_timeout ?? this.query.connect_timeout ?? 15, 'connect_timeout');
    pgQueryOptions(this.query); // bad parameters fail here, when the credentials are read, not at connect time
  }

  /** Parses a DSN or a parts table; Secrets and PostgresCredentials pass through. */
  static from(input: PostgresCredentialsInput | Secret): PostgresCredentials {
    if (input instanceof PostgresCredentials) return input;
    if (input instanceof Secret) return PostgresCredentials.parse(input.reveal());
    if (typeof input === 'string') return PostgresCredentials.parse(input);
    if (input && typeof input === 'object') return new PostgresCredentials(input);
    throw new ConfigError(`postgres credentials: expected a connection string or { database, username, password, host, port }, got ${typeof input}`);
  }

  /** Parses `postgres[ql]://user:password@host:port/database?sslmode=require&connect_timeout=15`. */
  static parse(dsn: string): PostgresCredentials {
    return new PostgresCredentials(parseConnectionString(dsn, 'postgres credentials'));
  }

  /**
   * The DSN with the password masked, query included (as dlt's `to_url()` renders it):
   * `postgresql://loader:***@localhost:5432/db?sslmode=require`. No query parameter holds a secret
   * (`sslkey` is a file path).
   */
  toDisplayString(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    const q = new URLSearchParams(this.query).toString();
    return `postgresql://${encodeURIComponent(this.username)}${this.password ? ':***' : ''}@${host}:${this.port}/${encodeURIComponent(this.database)}${q ? `?${q}` : ''}`;
  }

  /** Options for `new pg.Client(...)` (the only place the password is revealed). */
  toClientConfig(): {
    database: string;
    user: string;
    password?: string;
    host: string;
    port: number;
    connectionTimeoutMillis: number;
    ssl?: boolean | ConnectionOptions;
    application_name?: string;
    options?: string;
    client_encoding?: string;
  } {
    return {
      ...pgQueryOptions(this.query),
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
