/**
 * Connection strings (`scheme://user:password@host:port/database?key=value`) parsed the way dlt's
 * `ConnectionStringCredentials` parses them (SQLAlchemy's URL grammar), not as web URLs:
 * - the password may hold `:`, `/`, `#`, `?` and `@` unencoded (the user info ends at the first `@` after
 *   which a host, port, database and query follow);
 * - percent escapes in the user name, password and database are decoded; a `%` that starts no valid
 *   escape is kept as written (Python's `unquote`), so `p%ss` is the password `p%ss`;
 * - the query string is kept as a table (`sslmode`, `connect_timeout`, ...): it is configuration, not noise.
 * Errors never show the string, which holds a secret.
 */
import { ConfigError } from '../common/errors.js';

/** The parts of a connection string; absent parts are left out. */
export interface ConnectionStringParts {
  /** The scheme, e.g. `postgresql`. */
  drivername: string;
  username?: string;
  password?: string;
  host?: string;
  port?: string;
  database?: string;
  /** The query parameters, decoded (`?sslmode=require&connect_timeout=5`). */
  query?: Record<string, string>;
}

const CONNECTION_STRING = new RegExp(
  '^(?<drivername>[A-Za-z][\\w+.-]*)://' +
    '(?:(?<username>[^:/@]*)(?::(?<password>.*?))?@)?' +
    '(?:\\[(?<ipv6host>[^\\]/?]+)\\]|(?<host>[^/:?@]+))?' +
    '(?::(?<port>[^/?@]*))?' +
    '(?:/(?<database>[^?]*))?' +
    '(?:\\?(?<query>.*))?$',
  's',
);

/** True for strings that look like `scheme://...` (a connection string, not a file path). */
export function isConnectionString(s: string): boolean {
  return /^[a-z][\w+.-]*:\/\//i.test(s);
}

/** Decodes valid percent escapes (UTF-8) and keeps every other `%` as written. */
export function lenientDecode(s: string): string {
  return s.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run; // escapes that are not UTF-8: keep them
    }
  });
}

/**
 * Parses `s`. `what` names the credentials in errors (e.g. `postgres credentials`).
 * @throws ConfigError when `s` is not `scheme://...` of that grammar (the message never shows `s`).
 */
export function parseConnectionString(s: string, what: string): ConnectionStringParts {
  const m = CONNECTION_STRING.exec(s);
  if (!m?.groups) {
    throw new ConfigError(`${what}: not a connection string (expected scheme://user:password@host:port/database?key=value; encode '@' in the password as %40 if it still fails)`);
  }
  const g = m.groups;
  const parts: ConnectionStringParts = { drivername: g.drivername! };
  if (g.username) parts.username = lenientDecode(g.username);
  if (g.password !== undefined && g.password !== '') parts.password = lenientDecode(g.password);
  const host = g.ipv6host ?? g.host;
  if (host) parts.host = lenientDecode(host);
  if (g.port) parts.port = g.port;
  if (g.database) parts.database = lenientDecode(g.database);
  if (g.query) {
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(g.query)) query[k] = v;
    if (Object.keys(query).length) parts.query = query;
  }
  return parts;
}
