/**
 * The dashboard usually runs in a process of its own (`sluice pipeline <name> show`), so the secrets the
 * loading process resolved are not registered in it. Before it serves anything it registers, for
 * masking, the secrets the user keeps in the config providers: secret-looking keys (`api_token`,
 * `password`, `client_secret`, …) of the project and global `secrets.toml`, the same keys in config
 * env vars (`SOURCES__GITHUB__API_KEY`), and the passwords of connection strings in either. Harmless
 * values (`host`, `username`) stay readable, as in logs.
 */
import { defaultProviders, type ProviderOptions } from '../config/providers/default-providers.js';
import { splitEnvVarName } from '../config/providers/env-provider.js';
import { TomlProvider } from '../config/providers/toml-provider.js';
import { registerCredentialSecrets } from '../config/secret.js';

/** Registers the configured secrets; `options` as for the provider chain (default: env, cwd, `~/.sluice`). */
export function registerConfiguredSecrets(options: ProviderOptions = {}): void {
  for (const p of defaultProviders(options)) {
    if (p instanceof TomlProvider && p.kind === 'secrets') registerCredentialSecrets(p.document());
  }
  for (const [name, value] of Object.entries(options.env ?? process.env)) {
    if (!value || !name.includes('__')) continue;
    registerCredentialSecrets(value, splitEnvVarName(name).at(-1));
  }
}
