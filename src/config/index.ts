/** Config and secrets: providers, section lookup, declarations, secret values and masking. */
export { Secret, maskSecrets, registerSecret, registerCredentialSecrets, reveal, asSecret, type SecretLike } from './secret.js';
export { CONFIG_PLACEHOLDER, isPlaceholder } from './placeholder.js';
export { ConfigFieldMissingError, ValueNotSecretError, ConfigFileError, ConfigValueTypeError, type MissingField, type TriedKeys } from './config-errors.js';
export type { ConfigProvider, ConfigValue, ConfigTable, ProviderHit } from './providers/provider.js';
export { EnvProvider, envVarName, splitEnvVarName } from './providers/env-provider.js';
export { TomlProvider, parseTomlFile, tomlLocation, type TomlFileKind } from './providers/toml-provider.js';
export { defaultProviders, globalConfigDir, projectDir, PROJECT_CONFIG_FOLDER, type ProviderOptions } from './providers/default-providers.js';
export { scopeSectionPaths, lookupPasses, parseKeyPath, type ConfigScope, type SectionPath } from './sections.js';
export { ConfigField, type FieldMap, type ResolvedConfig, type ExplicitConfig, type SecretField, type OptionalSecretField } from './fields.js';
export type { FieldKind } from './coerce.js';
export {
  resolveFields,
  resolveField,
  providersFor,
  resolveDestinationCredentials,
  resolveRuntimeConfig,
  type ResolveOptions,
  type RuntimeConfig,
  type DestinationCredentials,
  type DestinationCredentialsOptions,
} from './resolve.js';
export { secrets, config, defineSource, type DefineSourceOptions, type SourceFactory, type SourceBuildContext } from './define.js';
export { resolvedConfigTraces, clearResolvedConfigTraces, type ResolvedValueTrace } from './trace.js';
