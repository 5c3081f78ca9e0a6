/**
 * Checks of `columns` hints (dlt validates a table's column schemas against `TColumnSchema`). A
 * `data_type` that is not one of sluice's types would otherwise fail deep in the normalizer with a
 * TypeError, or not at all for a column that never gets a value.
 */
import { ConfigError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import { DATA_TYPES, type ColumnHint } from './types.js';

/** Type names from SQL, Python and dlt that are spelled differently here: the name, then the type to use. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  integer: 'bigint', int: 'bigint', long: 'bigint', number: 'double', float: 'double', real: 'double', numeric: 'decimal',
  string: 'text', str: 'text', varchar: 'text', boolean: 'bool', datetime: 'timestamp', timestamptz: 'timestamp',
  complex: 'json', object: 'json', bytes: 'binary', blob: 'binary',
  // dlt's wei (a 256-bit integer) has no column type here; decimal(38,9) holds 29 integer digits
  wei: 'decimal',
};

/**
 * Raises a ConfigError when a hint in `columns` gives a `data_type` that is not a data type, naming
 * `where` (`resource users`), the column and the value, with the type to use for a known alias.
 */
export function checkColumnHints(columns: Record<string, ColumnHint> | undefined, where: string): void {
  for (const [key, hint] of Object.entries(columns ?? {})) {
    const t: unknown = hint?.data_type;
    if (t === undefined || (DATA_TYPES as readonly unknown[]).includes(t)) continue;
    const alias = typeof t === 'string' ? TYPE_ALIASES[t.toLowerCase()] : undefined;
    const hintText = alias ? `; use '${alias}'` : typeof t === 'string' ? didYouMean(t, DATA_TYPES) : '';
    throw new ConfigError(`${where}: the columns hint for '${hint.name ?? key}' gives data_type ${JSON.stringify(t)}, which is not a data type; expected one of ${DATA_TYPES.join(', ')}${hintText}`);
  }
}
