/**
 * The standard provider chain, in lookup order:
 * 1. env vars;
 * 2. `<project>/.dlt/secrets.toml`;
 * 3. `<project>/.dlt/config.toml`;
 * 4. `<global>/secrets.toml`;
 * 5. `<global>/config.toml`.
 * The project dir is `projectDir`, else `SLUICE_PROJECT_DIR`, else the cwd. The global dir is `globalDir`,
 * else `SLUICE_GLOBAL_DIR`, else `~/.sluice`.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { EnvProvider } from './env-provider.js';
import type { ConfigProvider } from './provider.js';
import { TomlProvider } from './toml-provider.js';

/** The folder inside the project that holds `secrets.toml` and `config.toml` (dlt's, on purpose). */
export const PROJECT_CONFIG_FOLDER = '.dlt';

export interface ProviderOptions {
  /** Where `.dlt/` lives. Default: `SLUICE_PROJECT_DIR`, else `process.cwd()`. */
  projectDir?: string;
  /** Where the global `secrets.toml`/`config.toml` live. Default: `SLUICE_GLOBAL_DIR`, else `~/.sluice`. */
  globalDir?: string;
  /** The environment to read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The global config dir (see `ProviderOptions.globalDir`). */
export function globalConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SLUICE_GLOBAL_DIR || join(homedir(), '.sluice');
}

/** The project dir (see `ProviderOptions.projectDir`). */
export function projectDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SLUICE_PROJECT_DIR || process.cwd());
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  const home = homedir();
  return file.startsWith(home + '/') ? '~' + file.slice(home.length) : file;
}

/** Builds the standard chain. Files are read lazily, once per chain. */
export function defaultProviders(options: ProviderOptions = {}): ConfigProvider[] {
  const env = options.env ?? process.env;
  const project = join(resolve(options.projectDir ?? projectDir(env)), PROJECT_CONFIG_FOLDER);
  const global = resolve(options.globalDir ?? globalConfigDir(env));
  const toml = (dir: string, kind: 'secrets' | 'config') => {
    const file = join(dir, `${kind}.toml`);
    return new TomlProvider(file, kind, displayPath(file));
  };
  return [new EnvProvider(env), toml(project, 'secrets'), toml(project, 'config'), toml(global, 'secrets'), toml(global, 'config')];
}
