/**
 * Loads page: `_dlt_loads` history with the schema version of each load and rows per table per load —
 * from the loaded packages' `load_package_state.json` row counts (child tables included) and, for loads
 * whose package is gone (loaded elsewhere, or cleaned up), counts by `_dlt_load_id` of the root tables.
 */
import { LOADS_TABLE, VERSION_TABLE } from '../../schema/system-tables.js';
import { loadedPackages } from '../../storage/load-package.js';
import type { DashboardContext } from '../context.js';
import { countByLoadId } from './counts.js';
import { toJsonValue } from '../serialize.js';
import type { Handler } from './types.js';

const q = (n: string) => '"' + n.replace(/"/g, '""') + '"';

/** Rows per root table per load id, counted in the destination. */
function destinationCounts(ctx: DashboardContext): Promise<Map<string, Record<string, number>>> {
  const schema = ctx.pipeline().defaultSchema;
  const roots = schema?.dataTables.filter((t) => !t.parent && t.columns._dlt_load_id?.data_type).map((t) => t.name) ?? [];
  return countByLoadId(ctx.dataset(), roots);
}

export const loads: Handler = async (ctx) => {
  const p = ctx.pipeline();
  const ds = ctx.dataset();
  const pkgCounts = new Map<string, Record<string, number>>();
  for (const pkg of loadedPackages(p.workingDir)) {
    try {
      const rc = pkg.state().row_counts ?? {};
      pkgCounts.set(pkg.loadId, Object.fromEntries(Object.entries(rc).filter(([t]) => !t.startsWith('_dlt'))));
    } catch {
      // unreadable package state: fall back to destination counts
    }
  }
  let rows: Record<string, unknown>[] = [];
  let versions: Record<string, unknown>[] = [];
  let error: string | undefined;
  let present = new Map<string, Record<string, number>>();
  try {
    rows = await ds.loads();
    versions = await ds.query(`SELECT version, version_hash, schema_name, inserted_at FROM ${q(ds.datasetName)}.${q(VERSION_TABLE)}`);
    present = await destinationCounts(ctx);
  } catch (e) {
    error = `cannot read ${LOADS_TABLE}: ${e instanceof Error ? e.message : String(e)}`;
  }
  const versionOf = new Map(versions.map((v) => [`${v.schema_name}|${v.version_hash}`, Number(v.version)]));
  const history = rows.map((r) => {
    const id = String(r.load_id);
    const pkg = pkgCounts.get(id);
    return {
      loadId: id,
      schemaName: r.schema_name ?? null,
      status: Number(r.status),
      insertedAt: toJsonValue(r.inserted_at),
      schemaVersionHash: r.schema_version_hash ?? null,
      schemaVersion: versionOf.get(`${r.schema_name}|${r.schema_version_hash}`) ?? null,
      rows: pkg ?? present.get(id) ?? {},
      rowsSource: pkg ? 'package' : present.has(id) ? 'destination' : 'none',
      rowsInDestination: present.get(id) ?? {},
    };
  });
  // Packages on disk that _dlt_loads does not know (another dataset, or the destination was reset).
  const known = new Set(history.map((h) => h.loadId));
  const orphanPackages = [...pkgCounts.keys()].filter((id) => !known.has(id));
  return { loads: history, orphanPackages, error };
};
