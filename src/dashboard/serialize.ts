/**
 * Turns query results and working-dir documents into masked text for the browser. Every body the
 * dashboard sends passes through `maskedJson` or `maskSecrets` (DESIGN.md contract 5: secrets never leak).
 */
import { maskSecrets } from '../config/secret.js';

/** A JSON-safe cell: bigints as strings (or numbers when safe), dates as ISO text, bytes as hex. */
export function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return '\\x' + Buffer.from(v).toString('hex');
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.toJSON === 'function') return o;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toJsonValue(x)]));
  }
  return v;
}

/** JSON text of `value` with every registered secret masked. */
export function maskedJson(value: unknown): string {
  return maskSecrets(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v)));
}

/** Rows as JSON-safe objects and the union of their column names (in first-seen order). */
export function toGrid(rows: Record<string, unknown>[]): { columns: string[]; rows: unknown[][] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return { columns, rows: rows.map((r) => columns.map((c) => toJsonValue(r[c]))) };
}
