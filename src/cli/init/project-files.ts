/** The project files `sluice init` writes besides the script: `.dlt/*.toml`, `.gitignore`, `package.json`. */
import { CONFIG_PLACEHOLDER } from '../../config/placeholder.js';
import type { VerifiedSourceSpec } from '../../sources/verified/registry.js';
import type { DestinationTemplate } from './destinations.js';

const P = JSON.stringify(CONFIG_PLACEHOLDER);

const SECRETS_HEADER = `# Secrets for sluice (the same layout dlt reads). Replace every ${P} with the real value.
# This file is listed in .gitignore: never commit it. Env vars override it, e.g. SOURCES__<NAME>__<KEY>.
`;

/** `.dlt/secrets.toml` for the REST API template. */
export function restApiSecretsToml(dest: DestinationTemplate): string {
  return [SECRETS_HEADER, '[sources.rest_api]', `base_url = ${P}  # e.g. "https://api.example.com/v1/"`, `token = ${P}`, '', dest.secretsToml].join('\n');
}

/** `.dlt/secrets.toml` for a verified source: its secret keys, with where to find them. */
export function verifiedSecretsToml(spec: VerifiedSourceSpec, dest: DestinationTemplate): string {
  const lines = [SECRETS_HEADER, `[sources.${spec.section}]`];
  for (const k of spec.keys.filter((k) => k.secret)) {
    lines.push(`# ${k.description}${k.required === false ? ' (optional)' : ''}`);
    lines.push(`${k.key} = ${P}`);
  }
  lines.push('', dest.secretsToml);
  return lines.join('\n');
}

/** `.dlt/config.toml`: runtime defaults, plus a verified source's non-secret keys with their defaults. */
export function configToml(spec?: VerifiedSourceSpec): string {
  const lines = [
    '# Non-secret settings (the same layout dlt reads). Secrets go in secrets.toml, never here.',
    '',
    '[runtime]',
    'log_level = "WARNING"        # DEBUG, INFO, WARNING, ERROR',
    'request_timeout = 60         # seconds per HTTP request',
    'request_max_attempts = 5',
    '',
  ];
  const plain = spec?.keys.filter((k) => !k.secret) ?? [];
  if (spec && plain.length) {
    lines.push(`[sources.${spec.section}]`);
    for (const k of plain) {
      lines.push(`# ${k.description}`);
      // an optional key without a default is left unset (the source derives it), shown commented out
      if (k.default === undefined && k.required === false) lines.push(`# ${k.key} = ${P}`);
      else lines.push(`${k.key} = ${k.default !== undefined ? JSON.stringify(k.default) : P}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Lines `.gitignore` must contain. */
export const GITIGNORE_LINES = ['.dlt/secrets.toml', '*.duckdb', '*.duckdb.wal', 'node_modules/'];

/** `.gitignore` content: `existing` plus the missing lines. */
export function gitignore(existing: string | undefined): string {
  const have = new Set((existing ?? '').split(/\r?\n/).map((l) => l.trim()));
  const add = GITIGNORE_LINES.filter((l) => !have.has(l));
  if (!add.length) return existing ?? '';
  const head = existing ? existing.replace(/\n*$/, '\n\n') : '';
  return `${head}# sluice: secrets and local databases\n${add.join('\n')}\n`;
}

/** `package.json` with what the script needs merged in: ESM, the sluice dependency (`dependency`: its spec), a `start` script. */
export function packageJson(existing: Record<string, unknown> | undefined, o: { name: string; scriptFile: string; dependency: string }): Record<string, unknown> {
  const pkg: Record<string, unknown> = existing ? { ...existing } : { name: o.name, version: '0.1.0', private: true };
  pkg.type = 'module';
  const scripts = { ...((pkg.scripts as Record<string, string>) ?? {}) };
  scripts.start ??= `sluice run ${o.scriptFile}`;
  pkg.scripts = scripts;
  const deps = { ...((pkg.dependencies as Record<string, string>) ?? {}) };
  deps.sluice ??= o.dependency;
  pkg.dependencies = deps;
  return pkg;
}
