/**
 * Reading and writing values at paths in JSON bodies. Paths are JSONPath (as dlt's `jsonpath_ng`);
 * plain dotted paths (`meta.total`, `$.data`, `$`) take a fast path that walks properties directly,
 * anything else (`$..id`, `items[*]`, filters) goes through jsonpath-plus.
 */
import { JSONPath } from 'jsonpath-plus';
import { ConfigError } from '../../../common/errors.js';

const SIMPLE = /^(?:\$\.?)?[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;
const simpleCache = new Map<string, readonly string[] | null>();

/** The keys of a plain dotted path (`$.a.b`, `a.b`, `$` → []), or null when the path needs a JSONPath engine. */
export function simplePath(path: string): readonly string[] | null {
  let keys = simpleCache.get(path);
  if (keys !== undefined) return keys;
  const p = path.trim();
  if (p === '$') keys = [];
  else if (SIMPLE.test(p)) keys = p.replace(/^\$\.?/, '').split('.');
  else keys = null;
  if (simpleCache.size < 1000) simpleCache.set(path, keys);
  return keys;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Every value matched by `path` in `json` (empty when nothing matches). */
export function findValues(json: unknown, path: string): unknown[] {
  const keys = simplePath(path);
  if (keys) {
    let cur: unknown = json;
    for (const k of keys) {
      if (!isObject(cur) || Array.isArray(cur) || !(k in cur)) return [];
      cur = cur[k];
    }
    return [cur];
  }
  try {
    const found: unknown = JSONPath({ path, json: json as object, wrap: true });
    return Array.isArray(found) ? found : [];
  } catch (e) {
    throw new ConfigError(`invalid JSONPath ${JSON.stringify(path)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** The first value matched by `path`, or `undefined`. */
export function findValue(json: unknown, path: string): unknown {
  return findValues(json, path)[0];
}

/** True when `path` matches at least once (even a `null` value). */
export function hasPath(json: unknown, path: string): boolean {
  return findValues(json, path).length > 0;
}

/**
 * Writes `value` at a dot path (`page.cursor`) into `target`, creating objects on the way; returns the
 * (possibly new) root. Used by body-path paginators to edit `req.json`.
 */
export function setAtPath(target: unknown, dotPath: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = isObject(target) && !Array.isArray(target) ? target : {};
  const keys = dotPath.replace(/^\$\.?/, '').split('.').filter(Boolean);
  if (keys.length === 0) throw new ConfigError(`body path ${JSON.stringify(dotPath)} is empty`);
  let cur = root;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (!isObject(next) || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
  return root;
}
