/**
 * Column filters of the data browser, typed by the user in the header row of the grid:
 * `null` / `!null`; `=v`, `!=v`, `<v`, `<=v`, `>v`, `>=v`; a bare value means equality for numbers,
 * booleans and timestamps and "contains" (LIKE %v%) for text.
 */
import type { Relation, WhereValue } from '../../dataset/relation.js';
import type { DataType } from '../../schema/types.js';
import { ApiError } from './types.js';

const ORDERED: ReadonlySet<DataType | undefined> = new Set(['bigint', 'double', 'decimal', 'timestamp', 'date', 'time', 'bool']);

/** What a timestamp, date or time filter value may look like (what the databases cast from text). */
const TIME_SHAPES = {
  timestamp: { re: /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/i, example: '2024-03-01, 2024-03-01 10:00 or 2024-03-01T10:00:00Z' },
  date: { re: /^\d{4}-\d{2}-\d{2}$/, example: '2024-03-01' },
  time: { re: /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/, example: '10:00 or 10:00:30' },
} as const;

function literal(raw: string, type: DataType | undefined): WhereValue {
  if (type === 'bigint' || type === 'double' || type === 'decimal') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new ApiError(`'${raw}' is not a number`);
    return n;
  }
  const shape = TIME_SHAPES[type as keyof typeof TIME_SHAPES];
  if (shape && !shape.re.test(raw.trim())) throw new ApiError(`'${raw}' is not a ${type} (expected ${shape.example})`);
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
