/** Schema contract values (dlt `TSchemaContract`): one mode for all entities, or one per entity. */
import { ConfigError } from '../common/errors.js';
import type { SchemaContract } from './types.js';

const MODES = ['evolve', 'freeze', 'discard_row', 'discard_value'] as const;
const ENTITIES = ['tables', 'columns', 'data_type'] as const;
const expected = `one of ${MODES.map((m) => `'${m}'`).join(', ')}`;

/**
 * Raises a ConfigError when `c` is not a contract: a mode string, or an object with `tables`, `columns`
 * and/or `data_type` modes. `where` names its owner (`resource users`). A misspelled mode would
 * otherwise act as `evolve` on columns and as a discard on tables.
 */
export function checkContract(c: unknown, where: string): asserts c is SchemaContract | undefined {
  if (c === undefined) return;
  if (typeof c === 'string') {
    if (!(MODES as readonly string[]).includes(c)) throw new ConfigError(`${where}: schema_contract ${JSON.stringify(c)} is not a contract mode; expected ${expected}`);
    return;
  }
  if (c === null || typeof c !== 'object' || Array.isArray(c)) {
    throw new ConfigError(`${where}: schema_contract must be a mode (${expected}) or an object of modes for tables, columns and data_type; got ${JSON.stringify(c)}`);
  }
  for (const [k, v] of Object.entries(c)) {
    if (!(ENTITIES as readonly string[]).includes(k)) throw new ConfigError(`${where}: schema_contract has no entity '${k}'; the entities are tables, columns and data_type`);
    if (v !== undefined && !(MODES as readonly string[]).includes(v as string)) {
      throw new ConfigError(`${where}: schema_contract.${k} ${JSON.stringify(v)} is not a contract mode; expected ${expected}`);
    }
  }
}
