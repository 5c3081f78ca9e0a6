/** The declarative REST API source (dlt §1–§5). */
export { restApiSource, restApiResources, type RestApiSourceOptions, type RestApiConfigInput } from './rest-api-source.js';
export { loadRestApiConfig } from './load-config.js';
export { validateRestApiConfig, type ValidatedConfig } from './config-validate.js';
export { RestApiConfigError, formatConfigIssues } from './config-errors.js';
export {
  restApiConfigSchema,
  restApiConfigJsonSchema,
  PAGINATOR_TYPES,
  type RESTAPIConfig,
  type ClientConfig,
  type EndpointResource,
  type EndpointResourceBase,
  type Endpoint,
  type PaginatorConfig,
  type AuthConfig,
  type IncrementalConfig,
  type ResponseAction,
  type ResponseCallable,
  type ProcessingStep,
  type ParamValue,
} from './config-schema.js';
export { DEFAULT_PARALLELISM } from './config-normalize.js';
export { joinUrl } from './request.js';
export { ParentFieldMissingError } from './resolve.js';
export * from './client/index.js';
