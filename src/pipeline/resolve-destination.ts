/** Turns `pipeline({ destination })` values into a Destination. */
import { ConfigError } from '../common/errors.js';
import { destinationFactory, registeredDestinations, type Destination } from '../destinations/destination.js';
import '../destinations/duckdb/duckdb-destination.js';
import '../destinations/postgres/postgres-destination.js';
import '../destinations/filesystem/filesystem-destination.js';

/**
 * A destination name (`'duckdb'`), `{ type, ...options }`, a Destination, or a function of the pipeline
 * name and the directory where default files go.
 */
export type DestinationSpec = string | Destination | ((pipelineName: string, baseDir: string) => Destination) | { type: string; [k: string]: unknown };

/**
 * `baseDir`: where a destination puts a file it names by default (DuckDB's `<pipeline_name>.duckdb`):
 * the directory of the pipeline's first run (its state's `initial_cwd`, as dlt), so a run from another
 * directory keeps loading into the same file. Given paths are used as given.
 */
export async function resolveDestination(spec: DestinationSpec | undefined, pipelineName: string, baseDir: string = process.cwd()): Promise<Destination> {
  if (spec === undefined) spec = 'duckdb';
  if (typeof spec === 'function') return spec(pipelineName, baseDir);
  if (typeof spec === 'object' && 'client' in spec && typeof spec.client === 'function') return spec as Destination;
  const { type, ...options } = typeof spec === 'string' ? { type: spec } : (spec as { type: string });
  const factory = destinationFactory(type);
  if (!factory) {
    throw new ConfigError(`destination '${type}' is not known; available: ${registeredDestinations().join(', ')}`);
  }
  return factory({ pipelineName, baseDir, ...options });
}
