/**
 * What every paginator shares: the `hasNextPage` flag, no-op request hooks, and helpers to read
 * booleans/integers from response bodies and to write a value into a query param or a JSON body path.
 */
import { ConfigError, SluiceError } from '../../../../common/errors.js';
import type { Page } from '../../../../extract/resource.js';
import { buildUrl } from '../http-client.js';
import { findValues, setAtPath } from '../json-path.js';
import { maskUrl } from '../redact.js';
import type { Paginator, RestRequest, RestResponse } from '../types.js';

/** Base class: starts with `hasNextPage = true`; subclasses decide in `updateState`. */
export abstract class BasePaginator implements Paginator {
  protected next = true;
  get hasNextPage(): boolean {
    return this.next;
  }
  initRequest(_req: RestRequest): void {}
  abstract updateState(res: RestResponse, page: Page): void;
  updateRequest(_req: RestRequest): void {}
  abstract clone(): Paginator;
  abstract describe(): string;
}

/** `Name(k=v, ...)` for `describe()`, skipping undefined values. */
export function describeWith(name: string, fields: Record<string, unknown>): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v === null ? 'None' : String(v)}`);
  return `${name}(${parts.join(', ')})`;
}

/** dlt's `str2bool` plus real booleans; `undefined` when the value is not boolean-like. */
export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['y', 'yes', 't', 'true', 'on', '1'].includes(s)) return true;
    if (['n', 'no', 'f', 'false', 'off', '0'].includes(s)) return false;
  }
  return undefined;
}

/** `GET <url with query, masked>` of the request a response answers, for paginator errors. */
export function requestOf(res: RestResponse): string {
  return `${res.request.method} ${maskUrl(res.url ?? buildUrl(res.request))}`;
}

/** Reads the boolean at `path` (has_more); throws naming the path when it is missing or not boolean-like. */
export function readHasMore(res: RestResponse, path: string): boolean {
  const found = findValues(res.json(), path);
  const v = toBool(found[0]);
  if (v === undefined) {
    const what = found.length === 0 ? 'is missing' : `is ${JSON.stringify(found[0])}, not a boolean`;
    throw new SluiceError(`has_more_path ${JSON.stringify(path)} ${what} in the response of ${requestOf(res)}`);
  }
  return v;
}

/** Integer from a number or numeric string; `undefined` when it is not one. */
export function toInt(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/** Where a paginator writes its value: a query param or a dot path into the JSON body. */
export interface ValueTarget {
  param?: string;
  bodyPath?: string;
}

/**
 * Resolves `*_param` / `*_body_path`: exactly one may be given; with neither, `defaultParam` is used.
 * @throws ConfigError when both are given.
 */
export function resolveTarget(what: string, param: string | undefined, bodyPath: string | undefined, defaultParam: string): ValueTarget {
  if (param !== undefined && bodyPath !== undefined) {
    throw new ConfigError(`paginator: set either ${what}_param or ${what}_body_path, not both`);
  }
  return bodyPath !== undefined ? { bodyPath } : { param: param ?? defaultParam };
}

/** Writes `value` to the request at `target`. */
export function writeTarget(req: RestRequest, target: ValueTarget, value: string | number | boolean): void {
  if (target.bodyPath !== undefined) req.json = setAtPath(req.json, target.bodyPath, value);
  else if (target.param !== undefined) req.params[target.param] = value;
}

/** Requires a finite number option (≥ min); returns it. */
export function requireNumber(name: string, v: unknown, min = 0, integer = true): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
    throw new ConfigError(`paginator: ${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}
