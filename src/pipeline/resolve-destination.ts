/** Turns `pipeline({ destination })` values into a Destination. */
import { ConfigError } from '../common/errors.js';
import { destinationFactory, registeredDestinations, type Destination } from '../destinations/destination.js';
import '../destinations/duckdb/duckdb-destination.js';
import '../destinations/postgres/postgres-destination.js';
import '../destinations/filesystem/filesystem-destination.js';

/** A destination name (`'duckdb'`), `{ type, ...options }`, a Destination, or a function of the pipeline name. */
export type DestinationSpec = string | Destination | ((pipelineName: string) => Destination) | { type: string; [k: string]: unknown };

export async function resolveDestination(spec: DestinationSpec | undefined, pipelineName: string): Promise<Destination> {
  if (spec === undefined) spec = 'duckdb';
  if (typeof spec === 'function') return spec(pipelineName);
  if (typeof spec === 'object' && 'client' in spec && typeof spec.client === 'function') return spec as Destination;
  const { type, ...options } = typeof spec === 'string' ? { type: spec } : (spec as { type: string });
  const factory = destinationFactory(type);
  if (!factory) {
    throw new ConfigError(`destination '${type}' is not known; available: ${registeredDestinations().join(', ')}`);
  }
  return factory({ pipelineName, ...options });
}
