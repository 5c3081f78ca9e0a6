/**
 * Reading a declarative pipeline file: parse (YAML or JSON), expand `${ENV_VAR}` references, validate
 * with the zod schema, and fill the REST auth secrets the file leaves out from env / `.dlt/secrets.toml`
 * under `sources.<source name>`. Every problem is a ConfigError (exit 2) naming the file and key path.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../common/errors.js';
import { ConfigFieldMissingError } from '../../config/config-errors.js';
import { ConfigField } from '../../config/fields.js';
import { isPlaceholder } from '../../config/placeholder.js';
import { providersFor, resolveField } from '../../config/resolve-fields.js';
import { registerCredentialSecrets, registerSecret } from '../../config/secret.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../../common/suggest.js';
import { pipelineFileSchema, runSectionSchema, type PipelineFile } from './pipeline-file-schema.js';

/** Secret keys of each auth type that may be left out of the file (required ones first). */
const AUTH_SECRET_KEYS: Record<string, { required: string[]; optional: string[] }> = {
  bearer: { required: ['token'], optional: [] },
  api_key: { required: ['api_key'], optional: [] },
  http_basic: { required: ['username'], optional: ['password'] },
  oauth2_client_credentials: { required: ['client_id', 'client_secret'], optional: [] },
};

/**
 * The parser's reason without the excerpt of the file it quotes (the YAML lines around the error, V8's
 * `..."token":abc"...`): the file may hold a token inline, and it is not registered as a secret until the
 * file parses. For the same reason the parser's error is not kept as the cause.
 */
function parseReason(e: unknown): string {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/:\s*$/, '');
  return first.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
}

/** Parses the file's text. */
function parseText(file: string, text: string): unknown {
  const json = /\.json$/i.test(file);
  try {
    return json ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new ConfigError(`${file}: not valid ${json ? 'JSON' : 'YAML'}: ${parseReason(e)}`);
  }
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string. Values substituted under secret-looking
 * keys are registered for masking. A variable that is unset and has no default is an error naming the path.
 */
export function expandEnv(value: unknown, file: string, env: NodeJS.ProcessEnv = process.env, path: (string | number)[] = []): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const key = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
    return value.replace(ENV_REF, (_m, name: string, dflt: string | undefined) => {
      const v = env[name];
      if (v === undefined || v === '') {
        if (dflt !== undefined) return dflt;
        throw new ConfigError(`${file}: ${formatPath(path)}: environment variable ${name} is not set`);
      }
      registerCredentialSecrets(v, key);
      if (path.includes('auth') || path.includes('credentials')) registerSecret(v);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, file, env, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, file, env, [...path, k])]));
  }
  return value;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

const KNOWN_KEYS: Record<string, string[]> = { '': Object.keys(pipelineFileSchema.shape), run: Object.keys(runSectionSchema.shape) };

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** One line per problem of a top-level zod issue, naming the key path, what was given and a hint. */
function describeIssue(issue: { code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }, input: unknown): string[] {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[path.join('.')] ?? [];
    return (issue.keys ?? []).map((k) => `${formatPath([...path, k])}: unknown key${didYouMean(k, known)}${known.length ? ` (expected one of: ${known.filter((x) => x !== '$schema').join(', ')})` : ''}`);
  }
  const given = valueAt(input, issue.path);
  const got = given === undefined ? (issue.code === 'invalid_type' ? ' (missing)' : '') : `, got ${JSON.stringify(given)?.slice(0, 60)}`;
  return [`${formatPath(path)}: ${issue.message}${got}`];
}

/** Reads and validates a pipeline file. */
export function readPipelineFile(file: string, env: NodeJS.ProcessEnv = process.env): PipelineFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`pipeline file '${file}' not found`);
  }
  const raw = parseText(file, text);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${file}: expected a mapping with pipeline_name, destination, dataset_name, source; got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  }
  const expanded = expandEnv(raw, file, env);
  const parsed = pipelineFileSchema.safeParse(expanded);
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.flatMap((i) => describeIssue(i, expanded)))];
    throw new ConfigError(problems.length === 1 ? `${file}: ${problems[0]}` : `${file} (${problems.length} problems):\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}

/** The auth tables of a REST config with their key paths (client.auth and each resource's endpoint.auth). */
function authTables(source: Record<string, unknown>): { path: string; auth: Record<string, unknown> }[] {
  const out: { path: string; auth: Record<string, unknown> }[] = [];
  const client = source.client as Record<string, unknown> | undefined;
  if (client?.auth && typeof client.auth === 'object') out.push({ path: 'source.client.auth', auth: client.auth as Record<string, unknown> });
  const resources = Array.isArray(source.resources) ? source.resources : [];
  resources.forEach((r, i) => {
    const auth = (r as { endpoint?: { auth?: unknown } })?.endpoint?.auth;
    if (auth && typeof auth === 'object') out.push({ path: `source.resources[${i}].endpoint.auth`, auth: auth as Record<string, unknown> });
  });
  return out;
}

/**
 * Fills missing (or `<configure me>`) auth secrets and `client.base_url` from the providers, under
 * `sources.<sourceName>` with dlt's section rules (pipeline-prefixed first).
 * @throws ConfigFieldMissingError listing every key tried for each missing secret.
 */
export function fillSourceSecrets(source: Record<string, unknown>, sourceName: string, pipelineName: string): void {
  const providers = providersFor();
  const scope = { kind: 'source', name: sourceName } as const;
  const missing = [];
  const client = (source.client ??= {}) as Record<string, unknown>;
  if (client.base_url === undefined || isPlaceholder(client.base_url)) {
    const r = resolveField('base_url', new ConfigField('string', false, false), scope, providers, pipelineName);
    if (r.ok && r.value !== undefined) client.base_url = r.value;
  }
  for (const { auth } of authTables(source)) {
    const keys = AUTH_SECRET_KEYS[String(auth.type)];
    if (!keys) continue;
    for (const key of [...keys.required, ...keys.optional]) {
      if (auth[key] !== undefined && !isPlaceholder(auth[key])) continue;
      delete auth[key];
      const required = keys.required.includes(key);
      const r = resolveField(key, new ConfigField('secret', true, required), scope, providers, pipelineName);
      if (!r.ok) missing.push(r.missing);
      else if (r.value !== undefined) auth[key] = r.value;
    }
  }
  if (missing.length) throw new ConfigFieldMissingError(missing, `source ${sourceName}`);
}
