/**
 * The query parameters of a PostgreSQL connection string (`?sslmode=require&application_name=etl`) as
 * `pg` client options. dlt hands the whole query to libpq (psycopg2), so these follow libpq's meaning;
 * a parameter libpq knows but `pg` cannot honour, or a typo, is an error rather than silently dropped
 * (a dropped `sslmode=require` would connect unencrypted).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../../common/errors.js';
import { didYouMean } from '../../common/suggest.js';

/** What `pg.Client` takes from the query. */
export interface PgQueryOptions {
  ssl?: boolean | ConnectionOptions;
  application_name?: string;
  options?: string;
  client_encoding?: string;
}

/**
 * libpq's `sslmode`s. `pg` cannot fall back from TLS to plain text, so `allow` and `prefer` (libpq: plain
 * or TLS, whichever the server offers) connect in plain text; write `require` to insist on TLS.
 */
const SSL_MODES: Record<string, (ca: string | undefined) => false | ConnectionOptions> = {
  disable: () => false,
  allow: () => false,
  prefer: () => false,
  // libpq: encrypt, do not verify the certificate — unless a root certificate is given (then as verify-ca)
  require: (ca) => (ca ? { ca, checkServerIdentity: () => undefined } : { rejectUnauthorized: false }),
  'verify-ca': (ca) => ({ ...(ca ? { ca } : {}), checkServerIdentity: () => undefined }),
  'verify-full': (ca) => (ca ? { ca } : {}),
};

/** Parameters read elsewhere (`connect_timeout` by the credentials) or here. */
const KNOWN = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'options', 'client_encoding', 'connect_timeout'];

function readPemFile(param: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`postgres credentials: ${param}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
}

/** Turns the query table into `pg` options. @throws ConfigError naming an unknown parameter or sslmode. */
export function pgQueryOptions(query: Readonly<Record<string, string>>): PgQueryOptions {
  for (const k of Object.keys(query)) {
    if (!KNOWN.includes(k)) {
      throw new ConfigError(`postgres credentials: query parameter '${k}' is not supported${didYouMean(k, KNOWN)} (supported: ${KNOWN.join(', ')})`);
    }
  }
  const out: PgQueryOptions = {};
  for (const k of ['application_name', 'options', 'client_encoding'] as const) if (query[k] !== undefined) out[k] = query[k];
  const mode = query.sslmode;
  const ca = query.sslrootcert === undefined ? undefined : readPemFile('sslrootcert', query.sslrootcert);
  const clientCert = {
    ...(query.sslcert === undefined ? {} : { cert: readPemFile('sslcert', query.sslcert) }),
    ...(query.sslkey === undefined ? {} : { key: readPemFile('sslkey', query.sslkey) }),
  };
  if (mode !== undefined) {
    const build = SSL_MODES[mode];
    if (!build) {
      throw new ConfigError(`postgres credentials: sslmode: expected one of ${Object.keys(SSL_MODES).join(', ')}, got ${JSON.stringify(mode)}${didYouMean(mode, Object.keys(SSL_MODES))}`);
    }
    const ssl = build(ca);
    out.ssl = ssl === false ? false : { ...ssl, ...clientCert };
  } else if (ca !== undefined || Object.keys(clientCert).length) {
    out.ssl = { ...(ca ? { ca } : {}), ...clientCert }; // libpq's default (prefer) with certificates given: TLS
  }
  return out;
}
