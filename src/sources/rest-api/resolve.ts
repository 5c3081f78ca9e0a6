/**
 * Parent/child (dependent) resources (dlt §1.3): which resource feeds which, in what order they are built,
 * and how a parent item's fields reach the child: `{resources.<parent>.<field>}` placeholders, legacy
 * `{type: 'resolve', resource, field}` params, and `include_from_parent` (`_<parent>_<field>` columns).
 */
import { SluiceError } from '../../common/errors.js';
import { findValues } from './client/json-path.js';
import type { ConfiguredResource, NormalizedEndpoint, NormalizedResource } from './config-normalize.js';
import { placeholdersIn, stringsIn } from './placeholders.js';

/** A legacy resolve param: `params[name] = { type: 'resolve', resource, field }`. */
export interface ResolveParam {
  name: string;
  resource: string;
  field: string;
}

/** The resolve params of an endpoint. */
export function resolveParams(e: NormalizedEndpoint): ResolveParam[] {
  const out: ResolveParam[] = [];
  for (const [name, v] of Object.entries(e.params)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && v.type === 'resolve') out.push({ name, resource: v.resource, field: v.field });
  }
  return out;
}

/** Every templated string of an endpoint with where it sits (for scanning placeholders). */
export function* endpointTemplates(e: NormalizedEndpoint): Generator<{ where: string; text: string }> {
  yield { where: 'path', text: e.path };
  for (const [k, v] of Object.entries(e.params)) for (const s of stringsIn(v)) yield { where: `params.${k}`, text: s };
  for (const s of stringsIn(e.json)) yield { where: 'json', text: s };
  for (const s of stringsIn(e.data)) yield { where: 'data', text: s };
  for (const [k, v] of Object.entries(e.headers)) if (typeof v === 'string') yield { where: `headers.${k}`, text: v };
}

/** Names of the resources a resource refers to as parents (placeholders and resolve params), in first-use order. */
export function referencedParents(r: NormalizedResource): string[] {
  const out = new Set<string>();
  for (const { text } of endpointTemplates(r.endpoint)) {
    for (const p of placeholdersIn(text)) if (p.context === 'resources' && p.name) out.add(p.name);
  }
  for (const rp of resolveParams(r.endpoint)) out.add(rp.resource);
  return [...out];
}

/** Resources ordered so that every parent comes before its children. Throws on a cycle. */
export function topologicalOrder(resources: ConfiguredResource[]): ConfiguredResource[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  const out: ConfiguredResource[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: ConfiguredResource, chain: string[]): void => {
    const s = state.get(r.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new SluiceError(`resources: dependency cycle ${[...chain, r.name].join(' → ')}; a child cannot feed its parent`);
    }
    state.set(r.name, 'visiting');
    if (r.kind === 'endpoint') for (const p of referencedParents(r)) {
      const parent = byName.get(p);
      if (parent) visit(parent, [...chain, r.name]);
    }
    state.set(r.name, 'done');
    out.push(r);
  };
  for (const r of resources) visit(r, []);
  return out;
}

/** Raised when a parent item lacks a field a child needs; lists the keys it has. */
export class ParentFieldMissingError extends SluiceError {}

/** The value of `field` (a name or JSONPath) in a parent item; throws listing the available keys when missing. */
export function parentField(item: unknown, field: string, parent: string, _child: string): unknown {
  const found = findValues(item, field);
  if (found.length === 0 || found[0] === undefined) {
    const keys = item && typeof item === 'object' ? Object.keys(item).join(', ') : `a ${typeof item}`;
    throw new ParentFieldMissingError(
      `field '${field}' not found in an item of parent resource '${parent}'; available keys: ${keys}`,
    );
  }
  return found[0];
}

/** `include_from_parent`: copies `fields` of the parent item into `_<parent>_<field>` keys of a child record. */
export function includeFromParent(record: unknown, parentItem: unknown, parent: string, fields: readonly string[], child: string): unknown {
  if (!fields.length) return record;
  const extra: Record<string, unknown> = {};
  for (const f of fields) extra[`_${parent}_${f.replace(/\./g, '_')}`] = parentField(parentItem, f, parent, child);
  if (record && typeof record === 'object' && !Array.isArray(record)) return { ...(record as Record<string, unknown>), ...extra };
  return { value: record, ...extra };
}
