/**
 * `{...}` placeholders in endpoint path, params, json, data and headers (dlt §1.3):
 *
 * - `{resources.<parent>.<field>}` — a field of the parent item; `<field>` may be a dotted JSONPath
 *   (`{resources.users.profile.id}`), split after the second dot as dlt does;
 * - `{incremental.start_value}` / `end_value` / `initial_value` / `last_value` — the bound incremental;
 * - `{name}` — a legacy resolve param or a static path param;
 * - `{{` and `}}` are literal braces.
 *
 * In `json`, a string that is exactly one placeholder keeps the value's type (an int stays an int).
 */
import { ConfigError } from '../../common/errors.js';

/** One `{...}` occurrence. */
export interface Placeholder {
  /** The text between the braces, trimmed. */
  expr: string;
  /** First dotted segment: `resources`, `incremental`, or the bare name. */
  context: string;
  /** `resources.<name>` / `incremental.<name>`: the second segment. */
  name?: string;
  /** `resources.<parent>.<field>`: the rest (may contain dots). */
  field?: string;
}

type Part = string | Placeholder;

const cache = new Map<string, Part[]>();

/** Splits a template into literal text and placeholders; `{{`/`}}` are literal braces. */
export function parseTemplate(template: string): Part[] {
  const hit = cache.get(template);
  if (hit) return hit;
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '{' && template[i + 1] === '{') {
      lit += '{';
      i++;
    } else if (c === '}' && template[i + 1] === '}') {
      lit += '}';
      i++;
    } else if (c === '{') {
      const end = template.indexOf('}', i + 1);
      if (end < 0) throw new ConfigError(`unclosed '{' in ${JSON.stringify(template)}; write '{{' for a literal brace`);
      const expr = template.slice(i + 1, end).trim();
      if (lit) parts.push(lit);
      lit = '';
      const segs = expr.split('.');
      const context = segs[0]!;
      parts.push({ expr, context, name: segs[1], field: segs.length > 2 ? segs.slice(2).join('.') : undefined });
      i = end;
    } else {
      lit += c;
    }
  }
  if (lit) parts.push(lit);
  if (cache.size < 5000) cache.set(template, parts);
  return parts;
}

/** The placeholders in a template. */
export function placeholdersIn(template: string): Placeholder[] {
  return parseTemplate(template).filter((p): p is Placeholder => typeof p !== 'string');
}

/** Every string inside a JSON-like value (for scanning json bodies, params and headers). */
export function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsIn(v);
  else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) yield* stringsIn(v);
  }
}

/** Resolves one placeholder to its value. */
export type Resolver = (p: Placeholder) => unknown;

function asText(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** True when a template holds at least one placeholder (escaped braces don't count). */
export function hasPlaceholder(template: string): boolean {
  return template.includes('{') && parseTemplate(template).some((p) => typeof p !== 'string');
}

/** Expands a template to a string. */
export function expandString(template: string, resolve: Resolver): string {
  if (!template.includes('{') && !template.includes('}')) return template;
  let out = '';
  for (const part of parseTemplate(template)) out += typeof part === 'string' ? part : asText(resolve(part));
  return out;
}

/**
 * Expands placeholders in a JSON-like value. With `keepType`, a string that is exactly one placeholder
 * becomes the resolved value itself (json bodies), otherwise its text.
 */
export function expandValue(value: unknown, resolve: Resolver, keepType = false): unknown {
  if (typeof value === 'string') {
    if (keepType && value.includes('{')) {
      const parts = parseTemplate(value);
      if (parts.length === 1 && typeof parts[0] !== 'string') return resolve(parts[0]!);
    }
    return expandString(value, resolve);
  }
  if (Array.isArray(value)) return value.map((v) => expandValue(v, resolve, keepType));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandValue(v, resolve, keepType);
    return out;
  }
  return value;
}
