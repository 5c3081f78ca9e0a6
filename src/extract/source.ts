/** A source groups resources under one name (the state and schema namespace). */
import type { SchemaContract } from '../schema/types.js';
import { Resource } from './resource.js';

export interface SourceOptions {
  /** Default contract for all resources. */
  schema_contract?: SchemaContract;
  max_table_nesting?: number;
}

export class Source {
  readonly resources: Resource[];
  constructor(
    readonly name: string,
    resources: Iterable<Resource>,
    readonly options: SourceOptions = {},
  ) {
    this.resources = [...resources];
    const seen = new Set<string>();
    for (const r of this.resources) {
      if (seen.has(r.name)) throw new TypeError(`source ${name}: duplicate resource name '${r.name}'`);
      seen.add(r.name);
    }
  }
  /** Resources that will be loaded (`selected !== false`). */
  get selectedResources(): Resource[] {
    return this.resources.filter((r) => r.selected);
  }
  /** A copy keeping only the named resources selected. */
  withResources(...names: string[]): Source {
    const missing = names.filter((n) => !this.resources.some((r) => r.name === n));
    if (missing.length) throw new TypeError(`source ${this.name} has no resource(s) ${missing.join(', ')}; it has ${this.resources.map((r) => r.name).join(', ')}`);
    return new Source(this.name, this.resources.map((r) => r.withHints({ selected: names.includes(r.name) })), this.options);
  }
}

/** Declares a source. */
export function source(name: string, resources: Iterable<Resource>, options?: SourceOptions): Source {
  return new Source(name, resources, options);
}
