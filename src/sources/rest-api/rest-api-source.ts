/**
 * `restApiSource(config)` / `restApiResources(config)`: a declarative REST config (dlt §1) becomes
 * resources — root endpoints as resources, dependent endpoints as transformers of their parent — sharing
 * one HTTP client. Resource bodies read `ctx.incremental` when they build requests, so the incremental
 * the extractor binds drives both the request params and the row filter.
 */
import { registerCredentialSecrets } from '../../config/secret.js';
import { log } from '../../common/log.js';
import { bindResumableCursor } from '../../extract/incremental.js';
import { resource, transformer, type ExtractContext, type Page, type Resource, type ResourceHints } from '../../extract/resource.js';
import { Source } from '../../extract/source.js';
import type { SchemaContract } from '../../schema/types.js';
import { createAuth } from './client/auth/create-auth.js';
import type { HttpClient, RuntimeOptions } from './client/http-client.js';
import { createPaginator } from './client/paginators/create-paginator.js';
import type { Auth, Paginator } from './client/types.js';
import { ClientLease } from './client-lease.js';
import { configProblem } from './config-errors.js';
import { DEFAULT_PARALLELISM, type NormalizedResource } from './config-normalize.js';
import type { PaginatorConfig, ValidRESTAPIConfig } from './config-schema.js';
import { validateRestApiConfig } from './config-validate.js';
import { loadRestApiConfig } from './load-config.js';
import { orderedPool } from './ordered-pool.js';
import { paginate, resumeSpecFor, type EndpointCall } from './paginate.js';
import { hasPlaceholder } from './placeholders.js';
import { applyProcessingSteps } from './processing-steps.js';
import { buildRequest, type RequestContext } from './request.js';
import { includeFromParent, referencedParents } from './resolve.js';
import { ResponseActions } from './response-actions.js';
import { incrementalValues, restIncremental } from './rest-incremental.js';

/** Options of {@link restApiSource}. */
export interface RestApiSourceOptions {
  /** Source name: the state and schema namespace. Default `'rest_api'`. */
  name?: string;
  /** Default `max_table_nesting` for every resource. */
  max_table_nesting?: number;
  /** Default schema contract for every resource. */
  schema_contract?: SchemaContract;
  /** Default for child resources without `parallelized`: true = 4 concurrent parent items, or the limit. Default false. */
  parallelized?: boolean | number;
  /** HTTP client runtime options (timeouts, attempts, backoff). Default: dlt's, overridden by `RUNTIME__*` env vars. */
  runtime?: Partial<RuntimeOptions>;
  /** Use this client (caller-owned, not closed by the source). */
  client?: HttpClient;
  /**
   * Share this lease (and so one HTTP client) with resources built outside the config, as a verified
   * source's hand-written transformer does. Default: a lease of the source's own. Wins over `client`.
   */
  lease?: ClientLease;
}

/** A config object, a JSON/YAML text, or a path to a .json/.yaml/.yml file. */
export type RestApiConfigInput = ValidRESTAPIConfig | import('./config-schema.js').RESTAPIConfig | string;

function toConfig(input: unknown): unknown {
  return typeof input === 'string' ? loadRestApiConfig(input) : input;
}

function isSingleEntity(path: string): boolean {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return hasPlaceholder(last);
}

function stripResume(p: PaginatorConfig | undefined): PaginatorConfig | undefined {
  if (p && typeof p === 'object' && 'type' in p && 'resume' in p) {
    const { resume: _r, ...rest } = p as Record<string, unknown>;
    return rest as PaginatorConfig;
  }
  return p;
}

interface Built {
  call: EndpointCall;
  ctxBase: Omit<RequestContext, 'parent' | 'incremental'>;
}

/** Builds resources from a config; `opts` carries source-level defaults. */
function buildResources(input: unknown, opts: RestApiSourceOptions): Resource[] {
  const { config, resources } = validateRestApiConfig(toConfig(input));
  const lease = opts.lease ?? new ClientLease(opts.runtime, opts.client);
  const client = config.client;
  let clientAuth: Auth | undefined;
  let clientPaginator: Paginator | 'auto' | undefined;
  try {
    clientAuth = createAuth(client.auth);
  } catch (e) {
    configProblem(['client', 'auth'], (e as Error).message.replace(/^auth\.?/, ''));
  }
  try {
    clientPaginator = createPaginator(stripResume(client.paginator));
  } catch (e) {
    configProblem(['client', 'paginator'], (e as Error).message.replace(/^paginator\.?/, ''));
  }
  const clientHeaders = client.headers ?? {};
  // A credential given as a plain header (`Authorization`, `X-Api-Key`) is masked as an auth's is.
  registerCredentialSecrets(clientHeaders);
  const built = new Map<string, Resource>();

  const endpointCall = (r: NormalizedResource): Built => {
    const e = r.endpoint;
    const base = ['resources', r.index, 'endpoint'];
    let auth = clientAuth;
    registerCredentialSecrets(e.headers);
    if (e.auth !== undefined) {
      try {
        auth = createAuth(e.auth);
      } catch (err) {
        configProblem([...base, 'auth'], (err as Error).message.replace(/^auth\.?/, ''));
      }
    }
    const single = isSingleEntity(e.path);
    let pconf = e.paginator;
    let source = 'endpoint';
    if (pconf === undefined && single) {
      pconf = 'single_page';
      source = 'single-entity path';
    }
    let paginator: Paginator | 'auto' | undefined;
    try {
      paginator = pconf === undefined ? clientPaginator : createPaginator(stripResume(pconf));
    } catch (err) {
      configProblem([...base, 'paginator'], (err as Error).message.replace(/^paginator\.?/, ''));
    }
    if (pconf === undefined) source = client.paginator !== undefined ? 'client' : 'auto-detect';
    const resumeConf = (pconf ?? client.paginator) as Record<string, unknown> | undefined;
    const resume = resumeConf && typeof resumeConf === 'object' ? resumeSpecFor(resumeConf) : undefined;
    if (paginator && paginator !== 'auto') log.info(`resource ${r.name}: paginator ${paginator.describe()} (from ${source})`);
    const call: EndpointCall = {
      resourceName: r.name,
      client: undefined as unknown as HttpClient, // set per run from the lease
      auth,
      paginator,
      paginatorSource: source,
      dataSelector: e.data_selector ?? (single ? '$' : undefined),
      actions: new ResponseActions(e.response_actions),
      resume,
      detected: {},
    };
    const inc = restIncremental(e);
    return {
      call,
      ctxBase: {
        resourceName: r.name,
        incrementalParam: inc?.param,
        startParam: e.incremental?.start_param,
        endParam: e.incremental?.end_param,
      },
    };
  };

  const hintsOf = (r: NormalizedResource, concurrency: number): ResourceHints => {
    const h: ResourceHints = { ...r.hints };
    if (h.max_table_nesting === undefined && opts.max_table_nesting !== undefined) h.max_table_nesting = opts.max_table_nesting;
    if (h.schema_contract === undefined && opts.schema_contract !== undefined) h.schema_contract = opts.schema_contract;
    if (concurrency > 1) h.parallelized = true;
    return h;
  };

  for (const cr of resources) {
    if (cr.kind === 'instance') {
      built.set(cr.name, cr.resource);
      continue;
    }
    const r = cr;
    const { call, ctxBase } = endpointCall(r);
    const inc = restIncremental(r.endpoint);
    const parentName = referencedParents(r)[0];
    const steps = r.processing_steps;

    /** Pages of one endpoint call (one parent item, or none), processed. */
    async function* pagesFor(ctx: ExtractContext, parent?: { name: string; item: unknown }): AsyncGenerator<Page> {
      const req = buildRequest(r.endpoint, client.base_url, clientHeaders, {
        ...ctxBase,
        parent,
        incremental: incrementalValues(ctx.incremental, inc?.spec),
      });
      const cursor = call.resume ? bindResumableCursor(ctx.resourceState) : undefined;
      try {
        for await (const { page } of paginate(call, req, { signal: ctx.signal, cursor })) {
          let out = applyProcessingSteps(page, steps);
          if (parent && r.include_from_parent.length) {
            out = out.map((rec) => includeFromParent(rec, parent.item, parent.name, r.include_from_parent, r.name));
          }
          yield out;
          cursor?.commit();
        }
      } finally {
        cursor?.commit();
      }
    }

    if (!parentName) {
      built.set(
        r.name,
        resource(
          async function* (ctx: ExtractContext) {
            call.client = lease.acquire(ctx.pipelineName);
            try {
              yield* pagesFor(ctx);
            } finally {
              await lease.release();
            }
          },
          // pages are fresh arrays of parsed JSON: the next request may go out while this one is normalized
          { ...hintsOf(r, 1), incremental: inc?.spec, prefetch: true },
        ),
      );
      continue;
    }

    const parent = built.get(parentName);
    if (!parent) configProblem(['resources', r.index], `parent resource '${parentName}' was not built`);
    const concurrency = r.concurrency ?? (opts.parallelized === true ? DEFAULT_PARALLELISM : typeof opts.parallelized === 'number' ? opts.parallelized : 1);
    built.set(
      r.name,
      transformer(
        parent,
        async function* (parentPage: Page, ctx: ExtractContext) {
          call.client = lease.acquire(ctx.pipelineName);
          try {
            if (concurrency <= 1) {
              for (const item of parentPage) yield* pagesFor(ctx, { name: parentName, item });
              return;
            }
            const collect = async (item: unknown): Promise<Page[]> => {
              const pages: Page[] = [];
              for await (const p of pagesFor(ctx, { name: parentName, item })) pages.push(p);
              return pages;
            };
            for await (const pages of orderedPool(parentPage, concurrency, collect)) yield* pages;
          } finally {
            await lease.release();
          }
        },
        { ...hintsOf(r, concurrency), incremental: inc?.spec },
      ),
    );
  }
  // Keep the config order (parents may come later in config than children).
  return resources.slice().sort((a, b) => a.index - b.index).map((cr) => built.get(cr.name)!);
}

/**
 * The resources of a REST config, for use in your own source (dlt `rest_api_resources`).
 * @param config a config object, JSON/YAML text, or a path to a .json/.yaml/.yml file.
 * @throws ConfigError (`RestApiConfigError`) listing every problem with its key path.
 */
export function restApiResources(config: RestApiConfigInput, options: RestApiSourceOptions = {}): Resource[] {
  return buildResources(config, options);
}

/**
 * A source from a declarative REST config (dlt `rest_api_source`).
 * @example restApiSource({ client: { base_url: 'https://api.example.com/' }, resources: ['posts'] })
 */
export function restApiSource(config: RestApiConfigInput, options: RestApiSourceOptions = {}): Source {
  const name = options.name ?? 'rest_api';
  return new Source(name, buildResources(config, options), {
    schema_contract: options.schema_contract,
    max_table_nesting: options.max_table_nesting,
  });
}
