/**
 * The PostgreSQL destination. Dataset = PostgreSQL schema; staging dataset = `<dataset>_staging`.
 * Credentials: `postgres({ credentials })`, `pipeline({ destination: { type: 'postgres', credentials } })`,
 * or resolved from `DESTINATION__POSTGRES__CREDENTIALS` / `[destination.postgres.credentials]`.
 */
import { ConfigError } from '../../common/errors.js';
import { ConfigField } from '../../config/fields.js';
import { resolveDestinationCredentials, resolveFields } from '../../config/resolve.js';
import type { Secret } from '../../config/secret.js';
import type { Schema } from '../../schema/schema.js';
import type { ReplaceStrategy } from '../../schema/types.js';
import { registerDestination, type Destination, type DestinationCapabilities, type DestinationClient } from '../destination.js';
import { SqlJobClient } from '../sql/sql-job-client.js';
import { POSTGRES_CREDENTIAL_FIELDS, PostgresCredentials, type PostgresCredentialsInput } from './postgres-credentials.js';
import { postgresDialect, postgresDialectWithoutIndexes } from './postgres-dialect.js';
import { PostgresSqlClient } from './postgres-sql-client.js';

export const POSTGRES_CAPABILITIES: DestinationCapabilities = Object.freeze<DestinationCapabilities>({
  maxIdentifierLength: 63,
  mergeStrategies: ['delete-insert', 'upsert'],
  replaceStrategies: ['truncate-and-insert', 'insert-from-staging', 'staging-optimized'],
  transactional: true,
});

export interface PostgresOptions {
  /** A DSN (`postgresql://loader:pw@localhost:5432/db`) or parts. Default: resolved from config/secrets. */
  credentials?: PostgresCredentialsInput | Secret;
  /** Replace strategy for tables that do not name one. Default `truncate-and-insert` (dlt's default). */
  replaceStrategy?: ReplaceStrategy;
  /**
   * dlt's `create_indexes`: columns with the `unique` hint (every table's `_dlt_id`, and columns hinted
   * `unique: true`) are created with a UNIQUE constraint. Default true, as in dlt.
   */
  createIndexes?: boolean;
}

export class PostgresDestination implements Destination {
  readonly type = 'postgres';
  readonly capabilities: DestinationCapabilities;
  readonly createIndexes: boolean;
  constructor(
    readonly credentials: PostgresCredentials,
    options: { replaceStrategy?: ReplaceStrategy; createIndexes?: boolean } = {},
  ) {
    this.createIndexes = options.createIndexes ?? true;
    const rs = options.replaceStrategy;
    if (rs && !POSTGRES_CAPABILITIES.replaceStrategies.includes(rs)) {
      throw new ConfigError(`postgres: replace_strategy '${rs}' is not one of ${POSTGRES_CAPABILITIES.replaceStrategies.join(', ')}`);
    }
    // The preferred strategy goes first: SqlJobClient uses the first entry as the default.
    this.capabilities = rs
      ? Object.freeze({ ...POSTGRES_CAPABILITIES, replaceStrategies: [rs, ...POSTGRES_CAPABILITIES.replaceStrategies.filter((s) => s !== rs)] })
      : POSTGRES_CAPABILITIES;
  }
  /** `postgresql://loader:***@localhost:5432/db`. */
  displayLocation(): string {
    return this.credentials.toDisplayString();
  }
  async client(datasetName: string, _schema?: Schema): Promise<DestinationClient> {
    const dialect = this.createIndexes ? postgresDialect : postgresDialectWithoutIndexes;
    return new SqlJobClient(await PostgresSqlClient.connect(this.credentials, datasetName), dialect, datasetName, this.capabilities);
  }
}

/** Credentials given, else `destination.postgres.credentials` from env / secrets.toml (required). */
function credentialsFor(given: PostgresCredentialsInput | Secret | undefined, pipelineName: string): PostgresCredentials {
  const raw = given ?? resolveDestinationCredentials('postgres', { pipelineName, required: true, fields: POSTGRES_CREDENTIAL_FIELDS });
  return PostgresCredentials.from(raw as PostgresCredentialsInput);
}

const OPTION_FIELDS = {
  replace_strategy: new ConfigField<string | undefined>('string', false, false),
  create_indexes: new ConfigField<boolean | undefined>('boolean', false, false),
};

/** Options given in code first, then `destination.postgres.*` / `destination.*` from env / config.toml (as dlt). */
function build(pipelineName: string, credentials: PostgresCredentialsInput | Secret | undefined, given: { replace_strategy?: unknown; create_indexes?: unknown }): PostgresDestination {
  if (given.create_indexes !== undefined && typeof given.create_indexes !== 'boolean') {
    throw new ConfigError(`postgres: create_indexes must be true or false, got ${JSON.stringify(given.create_indexes)}`);
  }
  const explicit = { replace_strategy: given.replace_strategy as string | undefined, create_indexes: given.create_indexes as boolean | undefined };
  const r = resolveFields(OPTION_FIELDS, { kind: 'destination', name: 'postgres' }, explicit, { pipelineName });
  return new PostgresDestination(credentialsFor(credentials, pipelineName), { replaceStrategy: r.replace_strategy as ReplaceStrategy | undefined, createIndexes: r.create_indexes });
}

/** `postgres()` (credentials from config) / `postgres({ credentials })` / `postgres('postgresql://...')`. */
export function postgres(options: PostgresOptions | string = {}): (pipelineName: string) => PostgresDestination {
  const o: PostgresOptions = typeof options === 'string' ? { credentials: options } : options;
  return (pipelineName) => build(pipelineName, o.credentials, { replace_strategy: o.replaceStrategy, create_indexes: o.createIndexes });
}

registerDestination('postgres', ({ pipelineName, credentials, replace_strategy, replaceStrategy, create_indexes, createIndexes }) =>
  build(pipelineName, credentials as PostgresCredentialsInput | undefined, { replace_strategy: replaceStrategy ?? replace_strategy, create_indexes: createIndexes ?? create_indexes }),
);
