/** State page: the pipeline state (with resource state and incremental cursors) and the state versions stored in the destination. */
import { STATE_TABLE } from '../../schema/system-tables.js';
import { toJsonValue } from '../serialize.js';
import type { Handler } from './types.js';

/** One incremental cursor found in resource state. */
interface Cursor {
  source: string;
  resource: string;
  cursorPath: string;
  lastValue: unknown;
  initialValue?: unknown;
  boundaryHashes: number;
}

/** Incremental cursors under `sources.<source>.resources.<resource>.incremental.<cursor_path>`. */
export function cursorsOf(sources: Record<string, Record<string, unknown>>): Cursor[] {
  const out: Cursor[] = [];
  for (const [source, s] of Object.entries(sources ?? {})) {
    const resources = (s.resources ?? {}) as Record<string, Record<string, unknown>>;
    for (const [resource, r] of Object.entries(resources)) {
      const inc = (r?.incremental ?? {}) as Record<string, Record<string, unknown>>;
      for (const [cursorPath, c] of Object.entries(inc)) {
        if (!c || typeof c !== 'object') continue;
        out.push({ source, resource, cursorPath, lastValue: c.last_value, initialValue: c.initial_value, boundaryHashes: Array.isArray(c.unique_hashes) ? c.unique_hashes.length : 0 });
      }
    }
  }
  return out;
}

export const state: Handler = async (ctx) => {
  const p = ctx.pipeline();
  let remote: unknown[] = [];
  let remoteError: string | undefined;
  try {
    const ds = ctx.dataset();
    const rows = await ds.query(
      `SELECT version, version_hash, created_at, _dlt_load_id FROM "${ds.datasetName.replace(/"/g, '""')}"."${STATE_TABLE}" WHERE pipeline_name = '${p.pipelineName.replace(/'/g, "''")}' ORDER BY _dlt_load_id DESC, version DESC LIMIT 50`,
    );
    remote = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJsonValue(v)])));
  } catch (e) {
    remoteError = e instanceof Error ? e.message : String(e);
  }
  return { state: p.state, cursors: cursorsOf(p.state.sources), remote, remoteError };
};
