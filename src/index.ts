/** sluice — public API. */
export { pipeline, Pipeline, type PipelineOptions, type RunOptions, type NormalizeInfo } from './pipeline/pipeline.js';
export type { DropOptions } from './pipeline/drop-state.js';
export { LoadInfo, type LoadPackageInfo } from './pipeline/load-info.js';
export type { PipelineTrace, StepTrace } from './pipeline/trace.js';
export { traceToString } from './pipeline/trace.js';
export type { PipelineState } from './pipeline/state.js';
export type { ProgressReporter } from './pipeline/progress.js';
export { resource, transformer, Resource, type ResourceHints, type NestedHints, type ResourceOptions, type ExtractContext, type Page, type DataItem } from './extract/resource.js';
export { source, Source, type SourceOptions } from './extract/source.js';
export type { IncrementalSpec } from './extract/incremental-spec.js';
export { Schema } from './schema/schema.js';
export type * from './schema/types.js';
export { SnakeCaseNaming } from './schema/naming.js';
export { Dataset } from './dataset/dataset.js';
export { Relation, type WhereOperator, type WhereValue } from './dataset/relation.js';
export { duckdb, DuckDbDestination } from './destinations/duckdb/duckdb-destination.js';
export { postgres, PostgresDestination, type PostgresOptions } from './destinations/postgres/postgres-destination.js';
export { PostgresCredentials, type PostgresCredentialParts } from './destinations/postgres/postgres-credentials.js';
export { filesystem, FilesystemDestination, type FilesystemOptions } from './destinations/filesystem/filesystem-destination.js';
export { registerDestination, type Destination, type DestinationClient, type DestinationCapabilities } from './destinations/destination.js';
export * from './config/index.js';
export { SluiceError, ConfigError, PipelineStepFailed, DataValidationError } from './common/errors.js';
export {
  restApiSource,
  restApiResources,
  loadRestApiConfig,
  restApiConfigJsonSchema,
  validateRestApiConfig,
  RestApiConfigError,
  type RESTAPIConfig,
  type RestApiSourceOptions,
  type EndpointResource,
  type Endpoint,
  type PaginatorConfig,
  type AuthConfig,
  type IncrementalConfig,
} from './sources/rest-api/index.js';
