/**
 * Builds a paginator from dlt-style config: a type string (`'single_page'`, `'header_link'`, …), a dict
 * `{ type, ...options }`, `'auto'` / `{ type: 'auto' }` (→ `'auto'`: detect from the first response), or
 * a `Paginator` instance (used as is). Custom types are added with {@link registerPaginator}.
 */
import { ConfigError } from '../../../../common/errors.js';
import { log } from '../../../../common/log.js';
import { didYouMean } from '../../../../common/suggest.js';
import type { Paginator } from '../types.js';
import { CursorPaginator, type CursorPaginatorOptions } from './cursor.js';
import { HeaderCursorPaginator, type HeaderCursorPaginatorOptions } from './header-cursor.js';
import { HeaderLinkPaginator, type HeaderLinkPaginatorOptions } from './header-link.js';
import { JsonLinkPaginator, type JsonLinkPaginatorOptions } from './json-link.js';
import { OffsetPaginator, type OffsetPaginatorOptions } from './offset.js';
import { PageNumberPaginator, type PageNumberPaginatorOptions } from './page-number.js';
import { SinglePagePaginator } from './single-page.js';

/** Builds a paginator from the options of its config dict (everything but `type`). */
export type PaginatorFactory = (options: Record<string, unknown>) => Paginator;

interface Entry {
  factory: PaginatorFactory;
  /** Allowed option keys; undefined = not checked (custom paginators). */
  keys?: readonly string[];
  /** Options without which a bare type string cannot work. */
  required?: readonly string[];
}

const builtins: Record<string, Entry> = {
  single_page: { factory: () => new SinglePagePaginator(), keys: [] },
  header_link: { factory: (o) => new HeaderLinkPaginator(o as HeaderLinkPaginatorOptions), keys: ['links_next_key'] },
  json_link: { factory: (o) => new JsonLinkPaginator(o as JsonLinkPaginatorOptions), keys: ['next_url_path'] },
  cursor: {
    factory: (o) => new CursorPaginator(o as CursorPaginatorOptions),
    keys: ['cursor_path', 'cursor_param', 'cursor_body_path', 'cursor_body_only', 'stop_after_empty_page', 'has_more_path'],
  },
  header_cursor: { factory: (o) => new HeaderCursorPaginator(o as HeaderCursorPaginatorOptions), keys: ['cursor_key', 'cursor_param'] },
  offset: {
    factory: (o) => new OffsetPaginator(o as unknown as OffsetPaginatorOptions),
    keys: ['limit', 'offset', 'offset_param', 'offset_body_path', 'limit_param', 'limit_body_path', 'total_path', 'total_header', 'maximum_offset', 'stop_after_empty_page', 'has_more_path'],
    required: ['limit'],
  },
  page_number: {
    factory: (o) => new PageNumberPaginator(o as PageNumberPaginatorOptions),
    keys: ['base_page', 'page', 'page_param', 'page_body_path', 'total_path', 'total_items_path', 'page_size', 'maximum_page', 'stop_after_empty_page', 'has_more_path'],
  },
};
const ALIASES: Record<string, string> = { json_response: 'json_link' };
const registry = new Map<string, Entry>(Object.entries(builtins));

/**
 * Registers a custom paginator type (dlt `register_paginator`), usable as `paginator: { type, ... }`.
 * @example registerPaginator('my_cursor', (o) => new MyCursorPaginator(o))
 */
export function registerPaginator(type: string, factory: PaginatorFactory): void {
  if (!type || type === 'auto') throw new ConfigError(`registerPaginator: invalid type name ${JSON.stringify(type)}`);
  registry.set(type, { factory });
}

/** The registered paginator type names (built-ins first). */
export function paginatorTypes(): string[] {
  return [...registry.keys()];
}

/** True for objects that implement the `Paginator` interface. */
export function isPaginator(v: unknown): v is Paginator {
  const p = v as Partial<Paginator> | null;
  return (
    typeof p === 'object' && p !== null && typeof p.initRequest === 'function' && typeof p.updateState === 'function' &&
    typeof p.updateRequest === 'function' && typeof p.clone === 'function'
  );
}

function checkValue(type: string, key: string, v: unknown): void {
  const bad = (want: string) =>
    new ConfigError(`paginator.${key}: expected ${want} for paginator '${type}', got ${JSON.stringify(v)}`);
  if (v === undefined) return;
  if (key === 'total_path') {
    if (v !== null && typeof v !== 'string') throw bad('a JSONPath string or null');
  } else if (key === 'stop_after_empty_page' || key === 'cursor_body_only') {
    if (typeof v !== 'boolean') throw bad('true or false');
  } else if (/_(param|path|key|header)$/.test(key)) {
    if (typeof v !== 'string' || v === '') throw bad('a non-empty string');
  } else if (typeof v !== 'number') {
    throw bad('a number');
  }
}

/**
 * Paginator from config. Returns `undefined` for `undefined`/`null` (none configured) and `'auto'` for
 * explicit detection.
 * @throws ConfigError naming the key, what was expected and a did-you-mean hint.
 */
export function createPaginator(config: unknown): Paginator | 'auto' | undefined {
  if (config === undefined || config === null) return undefined;
  if (isPaginator(config)) return config;
  let type: unknown;
  let options: Record<string, unknown> = {};
  if (typeof config === 'string') type = config;
  else if (typeof config === 'object' && !Array.isArray(config)) {
    ({ type, ...options } = config as Record<string, unknown>);
  } else {
    throw new ConfigError(`paginator: expected a type name, a { type, ... } object or a Paginator instance, got ${JSON.stringify(config)}`);
  }
  if (typeof type !== 'string') {
    throw new ConfigError(`paginator.type: expected one of ${['auto', ...registry.keys()].join(', ')}, got ${JSON.stringify(type)}`);
  }
  if (type === 'auto') return 'auto';
  if (ALIASES[type]) {
    log.warn(`paginator type '${type}' is deprecated; use '${ALIASES[type]}'`);
    type = ALIASES[type]!;
  }
  const t = type as string;
  const entry = registry.get(t);
  if (!entry) {
    throw new ConfigError(`paginator.type: '${t}' is not a paginator${didYouMean(t, ['auto', ...registry.keys()])}`);
  }
  if (entry.keys) {
    for (const key of Object.keys(options)) {
      if (!entry.keys.includes(key)) {
        throw new ConfigError(
          `paginator.${key}: unknown option for paginator '${t}'${didYouMean(key, entry.keys)} (options: ${entry.keys.join(', ') || 'none'})`,
        );
      }
      checkValue(t, key, options[key]);
    }
  }
  const missing = (entry.required ?? []).filter((k) => options[k] === undefined);
  if (missing.length) {
    throw new ConfigError(
      `paginator: '${t}' requires ${missing.join(', ')}; use { type: '${t}', ${missing.map((k) => `${k}: ...`).join(', ')} }`,
    );
  }
  return entry.factory(options);
}
