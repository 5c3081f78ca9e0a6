/**
 * Config and secret resolution, the public entry points. Order of lookup (dlt's rules):
 * - provider-major: env, `.dlt/secrets.toml`, `.dlt/config.toml`, `~/.sluice/secrets.toml`, `~/.sluice/config.toml`;
 * - within a provider, section paths from most to least specific (see `sections.ts`);
 * - inside a pipeline context, the whole search first runs with the pipeline name as a leading section.
 */
import { ConfigFieldMissingError, ConfigValueTypeError } from './config-errors.js';
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
 * Env values that hold JSON objects are parsed. The password of a DSN and the secret-looking keys of a
 * table (`password`, `*_key`, `*secret*`, `*token*`) are registered for masking.
 */
export function resolveDestinationCredentials(destinationName: string, options: DestinationCredentialsOptions & { required: true }): DestinationCredentials;
export function resolveDestinationCredentials(destinationName: string, options?: DestinationCredentialsOptions): DestinationCredentials | undefined;
export function resolveDestinationCredentials(destinationName: string, options: DestinationCredentialsOptions = {}): DestinationCredentials | undefined {
  const scope = { kind: 'destination', name: destinationName } as const;
  const r = lookup({ key: 'credentials', scope, secret: true, wantTable: true, pipelineName: options.pipelineName }, providersFor(options));
  if (!r.found) {
    if (options.required) throw new ConfigFieldMissingError([r.missing], `destination ${destinationName}`);
    return undefined;
  }
  const value = coerceValue(r.value, 'any', `${r.provider} ${r.location}`);
  if (typeof value !== 'string' && !isConfigTable(value)) {
    throw new ConfigValueTypeError(`${r.provider} ${r.location}: expected a connection string or a table, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  if (typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    if (!looksLikePath(value)) registerSecret(value);
  } else registerCredentialSecrets(value);
  recordResolvedValue({ key: 'credentials', sections: r.sections, provider: r.provider, location: r.location, secret: true });
  return value;
}
