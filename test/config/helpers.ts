/** Test helpers: a temporary project dir with .dlt files and an isolated global dir. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProviders } from '../../src/config/providers/default-providers.js';
import type { ConfigProvider } from '../../src/config/providers/provider.js';

export interface Fixture {
  projectDir: string;
  globalDir: string;
  env: NodeJS.ProcessEnv;
  providers(): ConfigProvider[];
}

/** Writes the given files (`secrets`, `config`, `globalSecrets`, `globalConfig`) and returns a provider factory. */
export function fixture(files: { secrets?: string; config?: string; globalSecrets?: string; globalConfig?: string; env?: NodeJS.ProcessEnv } = {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'sluice-config-'));
  const projectDir = join(root, 'project');
  const globalDir = join(root, 'global');
  mkdirSync(join(projectDir, '.dlt'), { recursive: true });
  mkdirSync(globalDir, { recursive: true });
  if (files.secrets !== undefined) writeFileSync(join(projectDir, '.dlt', 'secrets.toml'), files.secrets);
  if (files.config !== undefined) writeFileSync(join(projectDir, '.dlt', 'config.toml'), files.config);
  if (files.globalSecrets !== undefined) writeFileSync(join(globalDir, 'secrets.toml'), files.globalSecrets);
  if (files.globalConfig !== undefined) writeFileSync(join(globalDir, 'config.toml'), files.globalConfig);
  const env = files.env ?? {};
  return { projectDir, globalDir, env, providers: () => defaultProviders({ projectDir, globalDir, env }) };
}
