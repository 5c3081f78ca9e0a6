/** Errors raised while resolving config and secrets. All are `ConfigError`s (CLI exit code 2). */
import { ConfigError } from '../common/errors.js';

/** The keys one provider was asked for, most specific first. */
export interface TriedKeys {
  /** Provider display name, e.g. `env` or `.dlt/secrets.toml`. */
  provider: string;
  /** Keys as spelled in that provider, e.g. `SOURCES__X__API_SECRET` or `[sources.x] api_secret`. */
  keys: string[];
}

/** One required value that no provider had. */
export interface MissingField {
  /** The field name, e.g. `api_secret`. */
  key: string;
  /** True if the value was requested as a secret. */
  secret: boolean;
  /** Every key tried, grouped per provider in lookup order. */
  tried: TriedKeys[];
  /** Locations that held the `sluice init` placeholder instead of a value. */
  placeholders: string[];
  /** Where we suggest putting it: a TOML section + key and an env var name. */
  hint: { tomlSection: string; envVar: string };
  /** For a value that may also be a table (credentials): its field names, suggested one by one too. */
  fields?: readonly string[];
}

function describeField(f: MissingField, owner: string): string {
  const looked = f.tried.map((t) => `${t.provider} ${t.keys.join(', ')}`).join('; ');
  const ph = f.placeholders.length
    ? ` Found the placeholder left by \`sluice init\` in ${f.placeholders.join(', ')}: replace it with the real value.`
    : '';
  const file = f.secret ? '.dlt/secrets.toml' : '.dlt/config.toml';
  const where = f.hint.tomlSection ? `[${f.hint.tomlSection}] ` : '';
  // What to do comes first; the full list of places searched (long: every section level per provider) last.
  return (
    `Missing ${f.secret ? 'secret' : 'config value'} ${f.key}${owner ? ` for ${owner}` : ''}.${ph}` +
    ` Set it in ${file} (${where}${f.key} = "...") or in the env var ${f.hint.envVar}.` +
    (f.fields?.length
      ? ` Or field by field: the env vars ${f.fields.map((k) => `${f.hint.envVar}__${k.toUpperCase()}`).join(', ')}, or a [${f.hint.tomlSection ? `${f.hint.tomlSection}.` : ''}${f.key}] table in ${file} (${f.fields.map((k) => `${k} = ...`).join(', ')}).`
      : '') +
    ` Looked in: ${looked}.`
  );
}

/**
 * Required config/secret values were not found anywhere. One error lists every missing field and, for
 * each, every key and provider tried (dlt's ConfigFieldMissingException).
 */
export class ConfigFieldMissingError extends ConfigError {
  constructor(
    readonly fields: readonly MissingField[],
    /** What needed them, e.g. `source passwordless_source`; empty for a bare lookup. */
    readonly owner: string,
  ) {
    super(
      fields.length === 1
        ? describeField(fields[0]!, owner)
        : `Missing ${fields.length} values${owner ? ` for ${owner}` : ''}:\n` + fields.map((f) => `  - ${describeField(f, owner)}`).join('\n'),
    );
  }
}

/** A value requested as secret was found in a config.toml, which must not hold secrets (dlt's ValueNotSecretException). */
export class ValueNotSecretError extends ConfigError {
  constructor(
    readonly key: string,
    readonly provider: string,
    readonly location: string,
    hint: { tomlSection: string; envVar: string },
  ) {
    const where = hint.tomlSection ? `[${hint.tomlSection}] ` : '';
    super(
      `${key} is a secret, but it was found in ${provider} ${location}; config.toml files must not hold secrets. ` +
        `Move it to .dlt/secrets.toml (${where}${key} = "...") or to the env var ${hint.envVar}.`,
    );
  }
}

/** A config file could not be parsed. The message names the file, line and column (never its content). */
export class ConfigFileError extends ConfigError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    reason: string,
  ) {
    super(`Malformed TOML in ${file}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${reason}`);
  }
}

/** A value was found but cannot be used as the requested type (e.g. `abc` for a number). */
export class ConfigValueTypeError extends ConfigError {}
