/**
 * Turns a provider value into the type a field asked for. Env vars are always strings, so numbers and
 * booleans are parsed from strings; TOML values already have their type.
 */
import { ConfigValueTypeError } from './config-errors.js';
import { isConfigTable, type ConfigValue } from './providers/provider.js';
import { Secret } from './secret.js';

/** The value types a field can ask for. `any` takes the value as the provider holds it (tables, arrays). */
export type FieldKind = 'string' | 'number' | 'boolean' | 'secret' | 'any';

const TRUE = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off']);

function typeName(v: ConfigValue): string {
  return isConfigTable(v) ? 'a table' : Array.isArray(v) ? 'an array' : v instanceof Date ? 'a date' : `a ${typeof v}`;
}

/**
 * Coerces `value` to `kind`. `where` names the source of the value in errors (e.g. `env RUNTIME__REQUEST_TIMEOUT`).
 * Secret values never appear in error messages.
 */
export function coerceValue(value: ConfigValue, kind: FieldKind, where: string): unknown {
  const fail = (expected: string, shown: string): never => {
    throw new ConfigValueTypeError(`${where}: expected ${expected}, got ${shown}`);
  };
  switch (kind) {
    case 'any':
      if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
        // Env vars carry tables and lists as JSON, like dlt.
        try {
          return JSON.parse(value) as unknown;
        } catch {
          return value;
        }
      }
      return value;
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (value instanceof Date) return value.toISOString();
      return fail('a string', typeName(value));
    case 'secret':
      if (typeof value === 'string') return new Secret(value);
      if (typeof value === 'number' || typeof value === 'boolean') return new Secret(String(value));
      return fail('a string', typeName(value));
    case 'number': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '') {
        const n = Number(value.trim());
        if (Number.isFinite(n)) return n;
      }
      return fail('a number', typeof value === 'string' ? JSON.stringify(value) : typeName(value));
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const s = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : undefined;
      if (s !== undefined && TRUE.has(s)) return true;
      if (s !== undefined && FALSE.has(s)) return false;
      return fail('a boolean (true/false)', typeof value === 'string' ? JSON.stringify(value) : typeName(value));
    }
  }
}
