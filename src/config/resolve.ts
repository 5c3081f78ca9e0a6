/**
 * Config and secret resolution, the public entry points. Order of lookup (dlt's rules):
 * - provider-major: env, `.dlt/secrets.toml`, `.dlt/config.toml`, `~/.sluice/secrets.toml`, `~/.sluice/config.toml`;
 * - within a provider, section paths from most to least specific (see `sections.ts`);
 * - inside a pipeline context, the whole search first runs with the pipeline name as a leading section.
 */
import { ConfigFieldMissingError, ConfigValueTypeError } from './config-errors.js';
import { isConnectionString, parseConnectionString, type ConnectionStringParts } from './connection-string.js';
import { lookup } from './lookup.js';
import { isConfigTable, type ConfigTable } from './providers/provider.js';
import { providersFor, type ResolveOptions } from './resolve-fields.js';
import { coerceValue } from './coerce.js';
import { registerCredentialSecrets, registerSecret } from './secret.js';
import { recordResolvedValue } from './trace.js';

export { resolveFields, resolveField, providersFor, type ResolveOptions } from './resolve-fields.js';
export { resolveRuntimeConfig, type RuntimeConfig } from './runtime-config.js';

/** Raw destination credentials: a native string (a DSN such as `postgresql://u:p@host:5432/db`, or a path) or a table. */
export type DestinationCredentials = string | ConfigTable;

export interface DestinationCredentialsOptions extends ResolveOptions {
  /** Throw `ConfigFieldMissingError` when nothing is found. Default false (returns undefined). */
  required?: boolean;
  /** The fields of the credentials table (`database`, `password`, ...), named in the missing-value error. Default none. */
  fields?: readonly string[];
}

/** A credentials string that is a file path or a special name, not a secret (e.g. a DuckDB file). */
function looksLikePath(s: string): boolean {
  return s.startsWith(':') || /[\\/]/.test(s) || /\.[a-z0-9]{1,8}$/i.test(s);
}

/**
 * The raw credentials of destination `destinationName`, from `destination.<name>.credentials`,
 * `destination.credentials`, `credentials` (secret lookup: config.toml may not hold them). Tables found
 * at several places are merged, more specific/higher-precedence keys winning, so
 * `DESTINATION__POSTGRES__CREDENTIALS__PASSWORD` completes a `[destination.postgres.credentials]` table.
 * A connection string found anywhere (e.g. `[destination.postgres] credentials = "postgresql://..."`) gives
 * its parts as a table, completed by the fields it lacks (dlt: the DSN's parts are explicit, fields fill
 * the rest), so a DSN without password plus `DESTINATION__POSTGRES__CREDENTIALS__PASSWORD` works.
 * Env values that hold JSON objects are parsed. The password of a DSN and the secret-looking keys of a
 * table (`password`, `*_key`, `*secret*`, `*token*`) are registered for masking.
 */
export function resolveDestinationCredentials(destinationName: string, options: DestinationCredentialsOptions & { required: true }): DestinationCredentials;
export function resolveDestinationCredentials(destinationName: string, options?: DestinationCredentialsOptions): DestinationCredentials | undefined;
export function resolveDestinationCredentials(destinationName: string, options: DestinationCredentialsOptions = {}): DestinationCredentials | undefined {
  const scope = { kind: 'destination', name: destinationName } as const;
  const r = lookup({ key: 'credentials', scope, secret: true, wantTable: true, pipelineName: options.pipelineName }, providersFor(options));
  if (!r.found) {
    if (options.required) throw new ConfigFieldMissingError([{ ...r.missing, fields: options.fields }], `destination ${destinationName}`);
    return undefined;
  }
  const native = r.native && credentialsValue(r.native);
  const table = r.table && (credentialsValue(r.table) as ConfigTable);
  for (const v of [native, table]) {
    if (typeof v === 'string' && !isConnectionString(v)) {
      if (!looksLikePath(v)) registerSecret(v);
    } else if (v !== undefined) registerCredentialSecrets(v);
  }
  // dlt: a connection string's parts are explicit values; fields (a table, `...__CREDENTIALS__PASSWORD`)
  // fill only the parts it lacks — e.g. a DSN without password in secrets.toml plus the password in CI's env.
  const mixed = typeof native === 'string' && table !== undefined && isConnectionString(native);
  const used = mixed ? [r.native!, r.table!] : native !== undefined ? [r.native!] : [r.table!];
  for (const h of used) recordResolvedValue({ key: 'credentials', sections: h.sections, provider: h.provider, location: h.location, secret: true });
  if (mixed) return fillFromFields(parseConnectionString(native, `${r.native!.provider} ${r.native!.location}`), table);
  if (isConfigTable(native) && table) return { ...table, ...native }; // an env var holding a JSON table
  return native ?? table!;
}

function credentialsValue(hit: { value: ConfigTable | string | unknown; provider: string; location: string }): DestinationCredentials {
  const value = coerceValue(hit.value as never, 'any', `${hit.provider} ${hit.location}`);
  if (typeof value !== 'string' && !isConfigTable(value)) {
    throw new ConfigValueTypeError(`${hit.provider} ${hit.location}: expected a connection string or a table, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value;
}

/** The parts of a connection string, completed by the fields it lacks (its query merged over the fields' `query`). */
function fillFromFields(parts: ConnectionStringParts, fields: ConfigTable): ConfigTable {
  const out: ConfigTable = { ...fields };
  for (const [k, v] of Object.entries(parts)) if (k !== 'query' && v !== undefined) out[k] = v;
  if (parts.query) out.query = { ...(isConfigTable(fields.query) ? fields.query : {}), ...parts.query };
  return out;
}
