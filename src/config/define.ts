/**
 * Declaring "this argument comes from secrets/config" in TypeScript, and eager lookups.
 *
 * ```ts
 * export const passwordlessSource = defineSource({
 *   name: 'passwordless_source',          // section: sources.passwordless_source
 *   config: { api_secret: secrets.value(), base_url: config.value('https://v4.passwordless.dev') },
 * }, ({ api_secret, base_url }) => buildSource(api_secret, base_url));
 *
 * passwordlessSource();                                  // resolves from env / TOML
 * passwordlessSource({ api_secret: 'x' });               // explicit wins
 * passwordlessSource({}, { pipelineName: 'my_pipe' });   // pipeline-prefixed lookup first
 * passwordlessSource.withContext({ pipelineName: 'my_pipe' })();
 * ```
 */
import { ConfigFieldMissingError } from './config-errors.js';
import { ConfigField, type ExplicitConfig, type FieldMap, type OptionalSecretField, type ResolvedConfig, type SecretField } from './fields.js';
import type { ConfigValue } from './providers/provider.js';
import { providersFor, resolveField, resolveFields, type ResolveOptions } from './resolve-fields.js';
import type { Secret } from './secret.js';
import { parseKeyPath, type ConfigScope } from './sections.js';

function eager(path: string, field: ConfigField<unknown, unknown>, options: ResolveOptions = {}): unknown {
  const { sections, key } = parseKeyPath(path);
  const scope: ConfigScope = { kind: 'path', sections };
  const r = resolveField(key, field, scope, providersFor(options), options.pipelineName);
  if (!r.ok) throw new ConfigFieldMissingError([r.missing], '');
  return r.value;
}

/** Declarations and lookups of secret values (env vars, secrets.toml; never config.toml). */
export const secrets = {
  /** A required secret: resolves to a `Secret`. Explicit values may be plain strings. */
  value(): SecretField {
    return new ConfigField('secret', true, true);
  },
  /** An optional secret: `Secret | undefined` (e.g. skip the resources whose credentials are absent). */
  optional(): OptionalSecretField {
    return new ConfigField('secret', true, false);
  },
  /**
   * A secret that may be a table or a string (OAuth client credentials, a service account), taken as
   * the provider holds it; secret-looking keys are registered for masking.
   */
  any<T extends ConfigValue = ConfigValue>(): ConfigField<T, T> {
    return new ConfigField<T, T>('any', true, true);
  },
  /** Eager lookup of exactly `path` (e.g. `sources.x.api_key`; pipeline-prefixed first if given). `undefined` if absent. */
  get(path: string, options?: ResolveOptions): Secret | undefined {
    return eager(path, new ConfigField('secret', true, false), options) as Secret | undefined;
  },
  /** Like `get`, but a missing value throws `ConfigFieldMissingError`. */
  require(path: string, options?: ResolveOptions): Secret {
    return eager(path, new ConfigField('secret', true, true), options) as Secret;
  },
};

type Scalar = 'string' | 'number' | 'boolean';
type ScalarOf<K extends Scalar> = K extends 'number' ? number : K extends 'boolean' ? boolean : string;

function scalarKind(v: unknown): Scalar {
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
}

/** Declarations and lookups of config values (env vars, secrets.toml, config.toml). */
export const config = {
  /**
   * A config value; the default's type decides the parsing (numbers and booleans are parsed from env
   * strings). Without a default the value is a required string.
   */
  value: ((defaultValue?: string | number | boolean) =>
    new ConfigField(scalarKind(defaultValue), false, defaultValue === undefined, defaultValue)) as {
    (): ConfigField<string>;
    (defaultValue: string): ConfigField<string>;
    (defaultValue: number): ConfigField<number>;
    (defaultValue: boolean): ConfigField<boolean>;
  },
  /** A required (or defaulted) string. */
  string(defaultValue?: string): ConfigField<string> {
    return new ConfigField('string', false, defaultValue === undefined, defaultValue);
  },
  /** A required (or defaulted) number; env strings are parsed. */
  number(defaultValue?: number): ConfigField<number> {
    return new ConfigField('number', false, defaultValue === undefined, defaultValue);
  },
  /** A required (or defaulted) boolean; env strings `true/false/1/0/yes/no/on/off` are parsed. */
  boolean(defaultValue?: boolean): ConfigField<boolean> {
    return new ConfigField('boolean', false, defaultValue === undefined, defaultValue);
  },
  /** An optional value of `kind` (default `string`): `T | undefined`. */
  optional<K extends Scalar = 'string'>(kind?: K): ConfigField<ScalarOf<K> | undefined> {
    return new ConfigField<ScalarOf<K> | undefined>(kind ?? 'string', false, false);
  },
  /** Any value as the provider holds it (tables, arrays); env strings holding JSON are parsed. */
  any<T extends ConfigValue = ConfigValue>(defaultValue?: T): ConfigField<T> {
    return new ConfigField<T>('any', false, defaultValue === undefined, defaultValue);
  },
  /** Eager lookup of exactly `path` (e.g. `sources.x.base_url`), raw; `undefined` if absent. */
  get(path: string, options?: ResolveOptions): ConfigValue | undefined {
    return eager(path, new ConfigField('any', false, false), options) as ConfigValue | undefined;
  },
  /** Like `get`, but a missing value throws `ConfigFieldMissingError`. */
  require(path: string, options?: ResolveOptions): ConfigValue {
    return eager(path, new ConfigField('any', false, true), options) as ConfigValue;
  },
};

export interface DefineSourceOptions<F extends FieldMap> {
  /** The source name; values are looked up under `sources.<name>` (and `sources.<section>.<name>`). */
  name: string;
  /** The section (dlt: the module name). Default: `name`, i.e. the compact `[sources.<name>]` layout. */
  section?: string;
  /** The fields: `secrets.value()`, `config.value(default)`, ... */
  config: F;
}

/** What the build function gets besides the values. */
export interface SourceBuildContext {
  sourceName: string;
  pipelineName?: string;
}

/** A source function whose config is resolved at call time. */
export interface SourceFactory<F extends FieldMap, R> {
  /** Resolves the config (explicit values win) and builds. `options.pipelineName` sets the pipeline context. */
  (explicit?: ExplicitConfig<F>, options?: ResolveOptions): R;
  /** The same function bound to a context (e.g. `{ pipelineName }`). */
  withContext(options: ResolveOptions): (explicit?: ExplicitConfig<F>) => R;
  /** Resolves the config without building. */
  resolveConfig(explicit?: ExplicitConfig<F>, options?: ResolveOptions): ResolvedConfig<F>;
  readonly sourceName: string;
  readonly section: string;
  readonly fields: F;
}

/**
 * Declares a source whose arguments come from explicit values, then secrets/config, then defaults.
 * Types are inferred from the fields: `secrets.value()` → `Secret`, `secrets.optional()` →
 * `Secret | undefined`, `config.value('x')` → `string`, `config.value(30)` → `number`.
 * @throws ConfigFieldMissingError (when called) listing every missing value and every key tried.
 */
export function defineSource<F extends FieldMap, R>(
  options: DefineSourceOptions<F>,
  build: (values: ResolvedConfig<F>, context: SourceBuildContext) => R,
): SourceFactory<F, R> {
  const scope: ConfigScope = { kind: 'source', name: options.name, section: options.section };
  const resolveConfig = (explicit?: ExplicitConfig<F>, ro: ResolveOptions = {}) => resolveFields(options.config, scope, explicit, ro);
  const call = (explicit?: ExplicitConfig<F>, ro: ResolveOptions = {}) =>
    build(resolveConfig(explicit, ro), { sourceName: options.name, pipelineName: ro.pipelineName });
  return Object.assign(call, {
    withContext: (ro: ResolveOptions) => (explicit?: ExplicitConfig<F>) => call(explicit, ro),
    resolveConfig,
    sourceName: options.name,
    section: options.section ?? options.name,
    fields: options.config,
  });
}
