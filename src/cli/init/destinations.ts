/**
 * Destinations `sluice init` knows how to scaffold: what goes into `.dlt/secrets.toml` for each, and
 * whether this build can load into it (a destination is available once its module registered it).
 */
import { destinationFactory } from '../../destinations/destination.js';
import '../../pipeline/resolve-destination.js';
import { CONFIG_PLACEHOLDER } from '../../config/placeholder.js';

export interface DestinationTemplate {
  name: string;
  description: string;
  /** The `.dlt/secrets.toml` block (empty when nothing is secret). */
  secretsToml: string;
  /** The `destination:` value the scaffolded script passes. */
  scriptValue(pipelineName: string, duckdbFile?: string): string;
}

const P = JSON.stringify(CONFIG_PLACEHOLDER);

export const DESTINATIONS: readonly DestinationTemplate[] = [
  {
    name: 'duckdb',
    description: 'DuckDB file in the project directory (default; nothing to configure)',
    secretsToml: '',
    scriptValue: (_p, file) => (file ? `{ type: 'duckdb', credentials: ${JSON.stringify(file)} }` : `'duckdb'`),
  },
  {
    name: 'postgres',
    description: 'PostgreSQL (credentials in .dlt/secrets.toml)',
    secretsToml: [
      '[destination.postgres.credentials]',
      `database = ${P}`,
      `username = ${P}`,
      `password = ${P}`,
      `host = ${P}`,
      'port = 5432',
      '',
    ].join('\n'),
    scriptValue: () => `'postgres'`,
  },
  {
    name: 'filesystem',
    description: 'jsonl/csv/parquet files in a local folder',
    secretsToml: ['[destination.filesystem]', `bucket_url = ${P}`, ''].join('\n'),
    scriptValue: () => `'filesystem'`,
  },
];

/** Whether this build has a destination registered under `name`. */
export async function isDestinationAvailable(name: string): Promise<boolean> {
  return destinationFactory(name) !== undefined;
}

export function findDestinationTemplate(name: string): DestinationTemplate | undefined {
  return DESTINATIONS.find((d) => d.name === name.toLowerCase());
}
