/**
 * Resolves a map of declared fields for one scope: explicit arguments win, then providers (see
 * `lookup.ts` for the order), then defaults. Every missing required field is collected into one
 * `ConfigFieldMissingError`.
 */
import { coerceValue } from './coerce.js';
import { ConfigFieldMissingError, type MissingField } from './config-errors.js';
import type { AnyField, ExplicitConfig, FieldMap, ResolvedConfig } from './fields.js';
import { lookup } from './lookup.js';
import { defaultProviders, type ProviderOptions } from './providers/default-providers.js';
import type { ConfigProvider } from './providers/provider.js';
import { asSecret, registerCredentialSecrets, type SecretLike } from './secret.js';
import { scopeOwner, type ConfigScope } from './sections.js';
import { recordResolvedValue } from './trace.js';

/** Where and how to look values up. */
export interface ResolveOptions extends ProviderOptions {
  /** Pipeline context: every lookup first runs with this name as the leading section. Default: none. */
  pipelineName?: string;
  /** The provider chain. Default: `defaultProviders(options)` (env, project and global TOML files). */
  providers?: readonly ConfigProvider[];
}

/** The provider chain for `options`. */
export function providersFor(options: ResolveOptions = {}): readonly ConfigProvider[] {
  return options.providers ?? defaultProviders(options);
}

function explicitValue(key: string, field: AnyField, v: unknown): unknown {
  if (field.kind === 'secret') return asSecret(v as SecretLike);
  if (typeof v === 'string' && (field.kind === 'number' || field.kind === 'boolean')) return coerceValue(v, field.kind, `argument ${key}`);
  if (field.secret) registerCredentialSecrets(v, key);
  return v;
}

type FieldOutcome = { ok: true; value: unknown } | { ok: false; missing: MissingField };

/** Resolves one field (without explicit value) against an already built provider chain. */
export function resolveField(
  key: string,
  field: AnyField,
  scope: ConfigScope,
  providers: readonly ConfigProvider[],
  pipelineName?: string,
): FieldOutcome {
  const r = lookup({ key, scope, secret: field.secret, wantTable: field.kind === 'any', pipelineName }, providers);
  if (!r.found) {
    if (field.defaultValue !== undefined || !field.required) return { ok: true, value: field.defaultValue };
    return { ok: false, missing: r.missing };
  }
  const value = coerceValue(r.value, field.kind, `${r.provider} ${r.location}`);
  if (field.secret && field.kind !== 'secret') registerCredentialSecrets(value, key);
  recordResolvedValue({ key, sections: r.sections, provider: r.provider, location: r.location, secret: field.secret, value });
  return { ok: true, value };
}

/**
 * Resolves every field of `fields` for `scope`. Explicit values (not `undefined`) win; strings passed for
 * number/boolean fields are parsed, strings passed for secrets become `Secret`.
 * @throws ConfigFieldMissingError listing every missing required field and every key tried.
 * @throws ValueNotSecretError if a secret is found in a config.toml.
 */
export function resolveFields<F extends FieldMap>(
  fields: F,
  scope: ConfigScope,
  explicit: ExplicitConfig<F> = {},
  options: ResolveOptions = {},
): ResolvedConfig<F> {
  const providers = providersFor(options);
  const out: Record<string, unknown> = {};
  const missing: MissingField[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const given = (explicit as Record<string, unknown>)[key];
    if (given !== undefined) {
      out[key] = explicitValue(key, field, given);
      continue;
    }
    const r = resolveField(key, field, scope, providers, options.pipelineName);
    if (r.ok) out[key] = r.value;
    else missing.push(r.missing);
  }
  if (missing.length) throw new ConfigFieldMissingError(missing, scopeOwner(scope));
  return out as ResolvedConfig<F>;
}
