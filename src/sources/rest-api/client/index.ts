/** The REST client layer: HTTP with retries, auth, paginators, detection and data selection. */
export type { Auth, Paginator, RestRequest, RestResponse } from './types.js';
export {
  HttpClient,
  HttpError,
  DEFAULT_RUNTIME_OPTIONS,
  USER_AGENT,
  buildUrl,
  runtimeOptionsFromConfig,
  runtimeOptionsFromProviders,
  type RuntimeOptions,
  type SendOptions,
} from './http-client.js';
export { maskUrl, SENSITIVE_PARAMS } from './redact.js';
export { selectData } from './data-selector.js';
export { detectDataSelector, detectPaginator, type DetectedPaginator } from './detector.js';
export { findValue, findValues, setAtPath } from './json-path.js';
export { createAuth, registerAuth, authTypes, isAuth, type AuthFactory } from './auth/create-auth.js';
export { BearerAuth } from './auth/bearer.js';
export { ApiKeyAuth, type ApiKeyAuthOptions, type ApiKeyLocation } from './auth/api-key.js';
export { HttpBasicAuth, type HttpBasicAuthOptions } from './auth/http-basic.js';
export { OAuth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './auth/oauth2-client-credentials.js';
export { createPaginator, registerPaginator, paginatorTypes, isPaginator, type PaginatorFactory } from './paginators/create-paginator.js';
export { BasePaginator } from './paginators/base.js';
export { SinglePagePaginator } from './paginators/single-page.js';
export { HeaderLinkPaginator, parseLinkHeader, type HeaderLinkPaginatorOptions } from './paginators/header-link.js';
export { JsonLinkPaginator, type JsonLinkPaginatorOptions } from './paginators/json-link.js';
export { OffsetPaginator, type OffsetPaginatorOptions } from './paginators/offset.js';
export { PageNumberPaginator, type PageNumberPaginatorOptions } from './paginators/page-number.js';
export { CursorPaginator, type CursorPaginatorOptions } from './paginators/cursor.js';
export { HeaderCursorPaginator, type HeaderCursorPaginatorOptions } from './paginators/header-cursor.js';
