/**
 * Turns zod issues (and the semantic checks of config-validate.ts) into messages that name the key path,
 * what was expected, what was given, and the nearest valid word:
 *
 *   resources[1].endpoint.paginator.type: 'pagenumber' is not a paginator type; did you mean 'page_number'?
 *   resources[0].endpoint.data_selecter: unknown key; did you mean 'data_selector'?
 *
 * Values under secret keys (token, api_key, password, ...) and `Secret`s are never echoed: they print as
 * `a*****z` (or `***` when short).
 */
import type { z } from 'zod';
import { ConfigError } from '../../common/errors.js';
import { maskSecrets, Secret } from '../../config/secret.js';
import {
  authConfigs,
  clientConfigSchema,
  endpointSchema,
  endpointResourceSchema,
  incrementalConfigSchema,
  incrementalParamSchema,
  PAGINATOR_STRING_TYPES,
  PAGINATOR_TYPES,
  paginatorConfigs,
  resolveParamSchema,
  restApiConfigSchema,
  SECRET_KEYS,
} from './config-schema.js';
import { didYouMean } from '../../common/suggest.js';

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

/** `resources[1].endpoint.paginator` */
export function formatPath(path: Path): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out || 'config';
}

/** dlt's masking: first and last character kept (`a*****z`), or `***` for short values. */
export function maskValue(s: string): string {
  return s.length >= 8 ? `${s[0]}*****${s[s.length - 1]}` : '***';
}

function isSecretPath(path: Path): boolean {
  const last = [...path].reverse().find((k) => typeof k === 'string');
  return typeof last === 'string' && (SECRET_KEYS.has(last) || path.includes('headers'));
}

/** How a given value reads in a message (quoted strings, kinds for objects), secrets masked. */
export function describeGiven(v: unknown, path: Path = []): string {
  if (v instanceof Secret) return 'a Secret';
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    if (isSecretPath(path)) return `'${maskValue(v)}'`;
    const s = v.length > 60 ? `${v.slice(0, 57)}...` : v;
    return `'${maskSecrets(s)}'`;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return isSecretPath(path) ? '***' : `${typeof v} ${String(v)}`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return v.length ? `a list of ${v.length}` : 'an empty list';
  return 'an object';
}

function at(input: unknown, path: Path): unknown {
  let cur = input;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function shapeKeys(s: unknown): string[] {
  const shape = (s as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** The valid keys of the object at `path` (for "did you mean" on unknown keys). */
export function keysAt(input: unknown, path: Path): string[] {
  const last = path[path.length - 1];
  const value = at(input, path) as Record<string, unknown> | undefined;
  if (path.length === 0) return shapeKeys(restApiConfigSchema);
  if (path.length === 1 && last === 'client') return shapeKeys(clientConfigSchema);
  if ((path.length === 1 && last === 'resource_defaults') || (path.length === 2 && path[0] === 'resources')) {
    return shapeKeys(endpointResourceSchema).filter((k) => path[0] === 'resources' || k !== 'name');
  }
  if (last === 'endpoint') return shapeKeys(endpointSchema);
  if (last === 'incremental') return shapeKeys(incrementalConfigSchema);
  if (last === 'paginator') {
    const t = value?.type as keyof typeof paginatorConfigs;
    return t in paginatorConfigs ? shapeKeys(paginatorConfigs[t]) : ['type'];
  }
  if (last === 'auth') {
    const t = (value?.type ?? 'bearer') as keyof typeof authConfigs;
    return t in authConfigs ? shapeKeys(authConfigs[t]) : ['type'];
  }
  if (path[path.length - 2] === 'params') {
    return value?.type === 'resolve' ? shapeKeys(resolveParamSchema) : shapeKeys(incrementalParamSchema);
  }
  if (path[path.length - 2] === 'response_actions') return ['status_code', 'content', 'action'];
  if (path[path.length - 2] === 'processing_steps') return ['filter', 'map', 'yield_map'];
  if (last === 'schema_contract') return ['tables', 'columns', 'data_type'];
  if (last === 'write_disposition') return value?.disposition === 'merge' ? ['disposition', 'strategy', 'deduplicated'] : ['disposition', 'strategy'];
  return [];
}

/** What the allowed values at `path` are called in messages. */
function noun(path: Path): string {
  const keys = path.filter((k): k is string => typeof k === 'string');
  const last = keys[keys.length - 1];
  const prev = keys[keys.length - 2];
  if (last === 'type' && prev === 'paginator') return 'a paginator type';
  if (last === 'paginator') return 'a paginator type';
  if (last === 'type' && prev === 'auth') return 'an auth type';
  if (last === 'type' && keys.includes('params')) return 'a param type';
  if (last === 'method') return 'an HTTP method';
  if (last === 'location') return 'an api_key location';
  if (last === 'write_disposition' || last === 'disposition') return 'a write disposition';
  if (last === 'strategy') return 'a strategy';
  if (last === 'data_type') return 'a data type';
  if (last === 'last_value_func') return 'a last_value_func';
  if (keys.includes('schema_contract')) return 'a contract mode';
  if (last === 'action') return 'a response action';
  return `a valid ${last ?? 'value'}`;
}

function expectedText(issue: Issue): string {
  if (issue.code === 'invalid_type') {
    const e = issue.expected;
    const article = /^[aeiou]/.test(e) ? 'an' : 'a';
    if (e === 'int') return 'an integer';
    if (e === 'record' || e === 'object') return 'an object';
    if (e === 'array') return 'a list';
    return `${article} ${e}`;
  }
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}`;
  return issue.message.replace(/^expected /, '');
}

/** A branch issue that only says "wrong kind of value here". */
function isRootRejection(issue: Issue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type' || issue.code === 'custom') return true;
  if (issue.code === 'invalid_union' && !('note' in issue && issue.note)) return issue.errors.every((b) => b.some(isRootRejection) && b.every((i) => i.path.length === 0));
  return false;
}

function unknownKey(input: unknown, path: Path, key: string, known?: string[]): string {
  const keys = known ?? keysAt(input, path);
  const full = formatPath([...path, key]);
  const hint = didYouMean(key, keys);
  let extra = '';
  const authType = (at(input, path) as Record<string, unknown> | undefined)?.type;
  if (path[path.length - 1] === 'auth' && authType === undefined && key in { api_key: 1, username: 1, password: 1, client_id: 1 }) {
    extra = " (an auth without 'type' is 'bearer'; set type: 'api_key', 'http_basic' or 'oauth2_client_credentials')";
  }
  return `${full}: unknown key${hint}${extra}${!hint && keys.length ? `; expected one of: ${keys.join(', ')}` : ''}`;
}

/** ` (resource 'users')` for a path under `resources[i]` whose entry has a name; '' otherwise. */
function resourceLabel(input: unknown, path: Path): string {
  if (path[0] !== 'resources' || typeof path[1] !== 'number') return '';
  const name = (at(input, path.slice(0, 2)) as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? ` (resource '${name}')` : '';
}

function formatIssue(issue: Issue, base: Path, input: unknown, out: string[]): void {
  const path = [...base, ...issue.path];
  const value = at(input, path);
  const p = formatPath(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const k of issue.keys) out.push(unknownKey(input, path, k));
      return;
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') {
        const d = ('discriminator' in issue ? String(issue.discriminator) : 'type') as string;
        const tpath = issue.path.length && issue.path[issue.path.length - 1] === d ? path : [...path, d];
        const options = ('options' in issue ? (issue.options as unknown[]) : []).map(String);
        const given = at(input, tpath);
        const n = noun(tpath);
        if (given === undefined) out.push(`${formatPath(tpath)}: missing; expected ${n}: one of ${options.map((o) => `'${o}'`).join(', ')}`);
        else out.push(`${formatPath(tpath)}: ${describeGiven(given, tpath)} is not ${n}${typeof given === 'string' ? didYouMean(given, options) : ''} (expected one of: ${options.join(', ')})`);
        return;
      }
      const branches = issue.errors.filter((b) => !b.every(isRootRejection));
      if (branches.length) {
        const depth = (b: Issue[]) => Math.max(...b.map((i) => i.path.length + (i.code === 'invalid_value' ? 0.5 : 0)));
        const best = branches.reduce((a, b) => (depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a));
        for (const i of best) formatIssue(i, path, input, out);
        return;
      }
      const expected = [...new Set(issue.errors.flat().flatMap((i) => (i.code === 'invalid_union' ? i.errors.flat() : [i])).map(expectedText))];
      if (value === undefined) out.push(`${p}: missing; expected ${expected.join(' or ')}`);
      else out.push(`${p}: expected ${expected.join(' or ')}, got ${describeGiven(value, path)}`);
      return;
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const last = path[path.length - 1];
      if (typeof value === 'string' && last === 'paginator' && (PAGINATOR_TYPES as string[]).includes(value) && !(PAGINATOR_STRING_TYPES as readonly string[]).includes(value)) {
        out.push(`${p}: paginator '${value}' requires arguments; write { type: '${value}', ${value === 'offset' ? 'limit: <page size>' : '...'} }`);
        return;
      }
      const candidates = last === 'paginator' ? PAGINATOR_TYPES : options;
      if (value === undefined) out.push(`${p}: missing; expected ${noun(path)}: one of ${options.map((o) => `'${o}'`).join(', ')}`);
      else out.push(`${p}: ${describeGiven(value, path)} is not ${noun(path)}${typeof value === 'string' ? didYouMean(value, candidates) : ''} (expected one of: ${options.join(', ')})`);
      return;
    }
    case 'invalid_type':
      if (value === undefined) out.push(`${p}: missing; expected ${expectedText(issue)}`);
      else out.push(`${p}: expected ${expectedText(issue)}, got ${describeGiven(value, path)}`);
      return;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (Array.isArray(value)) out.push(`${p}: expected at least ${min} entr${min === 1 ? 'y' : 'ies'}, got ${describeGiven(value, path)}`);
      else if (typeof value === 'string') out.push(`${p}: expected a non-empty string, got ${describeGiven(value, path)}`);
      else out.push(`${p}: expected a number ${issue.inclusive ? '≥' : '>'} ${min}, got ${describeGiven(value, path)}`);
      return;
    }
    case 'too_big':
      out.push(`${p}: expected at most ${String(issue.maximum)}, got ${describeGiven(value, path)}`);
      return;
    case 'custom': {
      const params = issue.params as { kind?: string; keys?: string[] } | undefined;
      if (params?.kind === 'unknown_key') {
        out.push(unknownKey(input, path.slice(0, -1), String(path[path.length - 1]), params.keys));
        return;
      }
      if (params?.kind === 'jsonpath') {
        out.push(`${p}${resourceLabel(input, path)}: ${issue.message}`);
        return;
      }
      out.push(`${p}: ${issue.message}${value === undefined ? '' : `, got ${describeGiven(value, path)}`}`);
      return;
    }
    default:
      out.push(`${p}: ${issue.message}`);
  }
}

/** One line per problem, each naming its key path. */
export function formatConfigIssues(issues: readonly Issue[], input: unknown): string[] {
  const out: string[] = [];
  for (const i of issues) formatIssue(i, [], input, out);
  return [...new Set(out)];
}

/** Thrown for an invalid REST API config; `problems` holds one line per problem. */
export class RestApiConfigError extends ConfigError {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid REST API config: ${problems[0]}` : `Invalid REST API config (${problems.length} problems):\n  - ${problems.join('\n  - ')}`);
  }
}

/** Throws a `RestApiConfigError` for one problem. */
export function configProblem(path: Path, message: string): never {
  throw new RestApiConfigError([`${formatPath(path)}: ${message}`]);
}

