/** What `p.run(data)` accepts: a Source, a Resource, resources, or plain data (with `table_name`). */
import { ConfigError } from '../common/errors.js';
import { Resource, resource, type ResourceHints } from '../extract/resource.js';
import { Source } from '../extract/source.js';

export type RunData = Source | Resource | Resource[] | unknown[] | Iterable<unknown> | AsyncIterable<unknown>;

/** Hints given to `run()`/`extract()` that apply to every resource (dlt's run arguments). */
export type RunHints = Partial<Pick<ResourceHints, 'table_name' | 'write_disposition' | 'primary_key' | 'merge_key' | 'columns' | 'schema_contract' | 'max_table_nesting'>>;

export function toSource(data: RunData, hints: RunHints, pipelineName: string): Source {
  const overrides = Object.fromEntries(Object.entries(hints).filter(([, v]) => v !== undefined)) as Partial<ResourceHints>;
  const apply = (r: Resource) => (Object.keys(overrides).length ? r.withHints(overrides) : r);
  if (data instanceof Source) return Object.keys(overrides).length ? new Source(data.name, data.resources.map(apply), data.options) : data;
  if (data instanceof Resource) return new Source(pipelineName, [apply(data)]);
  if (Array.isArray(data) && data.length && data.every((x) => x instanceof Resource)) return new Source(pipelineName, (data as Resource[]).map(apply));
  const name = typeof hints.table_name === 'string' ? hints.table_name : undefined;
  if (!name) throw new ConfigError('run(data): plain data needs a table name — pass { table_name: "..." } or wrap it with resource(data, { name })');
  return new Source(pipelineName, [resource(data as Iterable<unknown>, { ...overrides, name } as ResourceHints)]);
}
