/**
 * What `import ... from 'sluice'` means inside a script run by `sluice run`: the public API, plus the
 * pieces scaffolded scripts use (`restApiSource`, `secrets`, `config`, `defineSource`) in case the public
 * API does not re-export them yet. Resolving `sluice` here (rather than from the script's own
 * node_modules) guarantees the script and the CLI share one module instance: one secret registry for
 * masking, and errors the CLI recognizes for exit codes.
 */
export * from '../../index.js';
export { restApiSource, restApiResources, loadRestApiConfig } from '../../sources/rest-api/index.js';
export { secrets, config, defineSource } from '../../config/index.js';
