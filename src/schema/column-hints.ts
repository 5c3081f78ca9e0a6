/**
 * Checks of `columns` hints (dlt validates a table's column schemas against `TColumnSchema`). A
 * `data_type` that is not one of sluice's types would otherwise fail deep in the normalizer with a
 * TypeError, or not at all for a column that never gets a value; a misspelled hint (`primaryKey`,
 * `nullabel`) or a hint of the wrong kind (`nullable: 'false'`) would be ignored without a word.
 */
import { ConfigError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import { DATA_TYPES, type ColumnHint } from './types.js';

type Kind = 'boolean' | 'count' | 'text' | 'data type' | 'any';

/**
 * The column hints and the kind of value each takes: dlt's `TColumnSchema` props. `partition`,
 * `cluster` and `sort` are dlt's and kept in the schema, though no sluice destination uses them.
 */
const HINTS: Readonly<Record<string, Kind>> = {
  name: 'text', data_type: 'data type', description: 'text', precision: 'count', scale: 'count',
  nullable: 'boolean', primary_key: 'boolean', merge_key: 'boolean', unique: 'boolean', timezone: 'boolean',
  hard_delete: 'boolean', row_key: 'boolean', parent_key: 'boolean', root_key: 'boolean', variant: 'boolean',
  incremental: 'boolean', partition: 'boolean', cluster: 'boolean', sort: 'boolean',
  // checked with the table's merge hints (checkMergeHints)
  dedup_sort: 'any',
};

/** Type names from SQL, Python and dlt that are spelled differently here: the name, then the type to use. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  integer: 'bigint', int: 'bigint', long: 'bigint', number: 'double', float: 'double', real: 'double', numeric: 'decimal',
  string: 'text', str: 'text', varchar: 'text', boolean: 'bool', datetime: 'timestamp', timestamptz: 'timestamp',
  complex: 'json', object: 'json', bytes: 'binary', blob: 'binary',
  // dlt's wei (a 256-bit integer) has no column type here; decimal(38,9) holds 29 integer digits
  wei: 'decimal',
};

const FITS: Record<Kind, (v: unknown) => boolean> = {
  boolean: (v) => typeof v === 'boolean',
  count: (v) => Number.isInteger(v) && (v as number) >= 0,
  text: (v) => typeof v === 'string',
  'data type': (v) => (DATA_TYPES as readonly unknown[]).includes(v),
  any: () => true,
};

const EXPECTED: Record<Kind, string> = {
  boolean: 'true or false',
  count: 'a whole number, 0 or more',
  text: 'a string',
  'data type': `one of ${DATA_TYPES.join(', ')}`,
  any: '',
};

/**
 * Raises a ConfigError when a hint in `columns` is not a column hint (`x-` hints excepted) or has a
 * value of the wrong kind, naming `where` (`resource users`), the column, the hint and the value, with
 * the nearest hint name or the type to use for a known alias. Null and undefined values are left out,
 * as when the hint is not given.
 */
export function checkColumnHints(columns: Record<string, ColumnHint> | undefined, where: string): void {
  for (const [key, hint] of Object.entries(columns ?? {})) {
    const col = `${where}: the columns hint for '${typeof hint?.name === 'string' ? hint.name : key}'`;
    if (hint === null || typeof hint !== 'object' || Array.isArray(hint)) throw new ConfigError(`${col} must be an object of column hints; got ${JSON.stringify(hint)}`);
    for (const [prop, v] of Object.entries(hint)) {
      const kind = HINTS[prop];
      if (kind === undefined) {
        if (prop.startsWith('x-')) continue;
        throw new ConfigError(`${col} has '${prop}', which is not a column hint; the hints are ${Object.keys(HINTS).join(', ')} and x- custom hints${didYouMean(prop, Object.keys(HINTS))}`);
      }
      if (v === undefined || v === null || FITS[kind](v)) continue;
      if (kind === 'data type') {
        const alias = typeof v === 'string' ? TYPE_ALIASES[v.toLowerCase()] : undefined;
        const suggestion = alias ? `; use '${alias}'` : typeof v === 'string' ? didYouMean(v, DATA_TYPES) : '';
        throw new ConfigError(`${col} gives data_type ${JSON.stringify(v)}, which is not a data type; expected ${EXPECTED[kind]}${suggestion}`);
      }
      throw new ConfigError(`${col} gives ${prop} ${JSON.stringify(v)}; expected ${EXPECTED[kind]}`);
    }
  }
}
