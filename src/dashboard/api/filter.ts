/**
 * Column filters of the data browser, typed by the user in the header row of the grid:
 * `null` / `!null`; `=v`, `!=v`, `<v`, `<=v`, `>v`, `>=v`; a bare value means equality for numbers,
 * booleans and timestamps and "contains" (LIKE %v%) for text.
 */
import type { Relation, WhereValue } from '../../dataset/relation.js';
import type { DataType } from '../../schema/types.js';
import { ApiError } from './types.js';

const ORDERED: ReadonlySet<DataType | undefined> = new Set(['bigint', 'double', 'decimal', 'timestamp', 'date', 'time', 'bool']);

function literal(raw: string, type: DataType | undefined): WhereValue {
  if (type === 'bigint' || type === 'double' || type === 'decimal') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new ApiError(`'${raw}' is not a number`);
    return n;
  }
  if (type === 'bool') {
    if (!/^(true|false)$/i.test(raw)) throw new ApiError(`'${raw}' is not true or false`);
    return raw.toLowerCase() === 'true';
  }
  return raw;
}

/** Applies one column's filter expression to `rel`. */
export function applyFilter(rel: Relation, column: string, expr: string, type: DataType | undefined): Relation {
  const e = expr.trim();
  if (!e) return rel;
  if (/^(is\s+)?null$/i.test(e)) return rel.where(column, 'is null');
  if (/^(!|not\s+|is\s+not\s+)null$/i.test(e)) return rel.where(column, 'is not null');
  const m = /^(<=|>=|!=|<>|=|<|>)\s*(.*)$/.exec(e);
  if (m) {
    const op = (m[1] === '<>' ? '!=' : m[1]) as '=' | '!=' | '<' | '<=' | '>' | '>=';
    return rel.where(column, op, literal(m[2]!, type));
  }
  if (ORDERED.has(type)) return rel.where(column, '=', literal(e, type));
  return rel.where(column, 'like', `%${e}%`);
}
