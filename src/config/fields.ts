/**
 * Field declarations: the TypeScript equivalent of dlt's `dlt.secrets.value` / `dlt.config.value`
 * default arguments. A field carries its runtime kind and, as phantom types, what resolution yields
 * (`T`) and what a caller may pass explicitly (`I`), so `defineSource` infers both.
 */
import type { FieldKind } from './coerce.js';
import type { Secret, SecretLike } from './secret.js';

export class ConfigField<T, I = T> {
  /** Phantom: the resolved type. Never set at runtime. */
  declare readonly _out: T;
  /** Phantom: the type accepted as an explicit argument. Never set at runtime. */
  declare readonly _in: I;
  constructor(
    /** How provider values are parsed. */
    readonly kind: FieldKind,
    /** Resolved as secret: wrapped in `Secret`, registered for masking, refused in config.toml. */
    readonly secret: boolean,
    /** A missing value is an error (false for optional fields and fields with a default). */
    readonly required: boolean,
    /** Used when no provider has the value. */
    readonly defaultValue?: T,
  ) {}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = ConfigField<any, any>;
/** The `config` map of `defineSource`: field name → declaration. */
export type FieldMap = Record<string, AnyField>;

/** What the build function receives: every field resolved to its type. */
export type ResolvedConfig<F extends FieldMap> = { [K in keyof F]: F[K] extends ConfigField<infer T, infer _I> ? T : never };

/** What a caller may pass to override resolution: any subset; `undefined` means "resolve it". */
export type ExplicitConfig<F extends FieldMap> = { [K in keyof F]?: (F[K] extends ConfigField<infer _T, infer I> ? I : never) | undefined };

/** A required secret: resolves to `Secret`; explicit values may be strings. */
export type SecretField = ConfigField<Secret, SecretLike>;
/** An optional secret: `Secret | undefined`. */
export type OptionalSecretField = ConfigField<Secret | undefined, SecretLike | undefined>;
