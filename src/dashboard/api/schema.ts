/** Schema page: tables (parents and child tables), columns with types and hints, version history, YAML download. */
import type { Schema } from '../../schema/schema.js';
import { isSystemTable, VERSION_TABLE } from '../../schema/system-tables.js';
import type { ColumnSchema } from '../../schema/types.js';
import type { DashboardContext } from '../context.js';
import { toJsonValue } from '../serialize.js';
import { ApiError, Download, type Handler } from './types.js';

const BOOL_HINTS = ['primary_key', 'merge_key', 'unique', 'row_key', 'parent_key', 'root_key', 'variant', 'hard_delete', 'incremental', 'timezone'] as const;

/** Hints of a column as short labels: `primary_key`, `dedup_sort=desc`, `precision=10`, `x-custom=...`. */
export function columnHints(c: ColumnSchema): string[] {
  const out: string[] = BOOL_HINTS.filter((h) => c[h] === true).map(String);
  if (c.dedup_sort) out.push(`dedup_sort=${c.dedup_sort}`);
  if (c.precision !== undefined) out.push(`precision=${c.precision}`);
  if (c.scale !== undefined) out.push(`scale=${c.scale}`);
  for (const [k, v] of Object.entries(c)) if (k.startsWith('x-')) out.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return out;
}

function schemaByName(ctx: DashboardContext, name: string | null): Schema {
  const p = ctx.pipeline();
  const s = name ? p.schemas.get(name) : p.defaultSchema ?? [...p.schemas.values()][0];
  if (!s) throw new ApiError(name ? `schema '${name}' is not in this pipeline; it has ${[...p.schemas.keys()].join(', ') || 'none'}` : 'this pipeline has no schema yet', 404);
  return s;
}

export const schema: Handler = async (ctx, url) => {
  const p = ctx.pipeline();
  const s = schemaByName(ctx, url.searchParams.get('name'));
  const tables = Object.values(s.tables).map((t) => ({
    name: t.name,
    parent: t.parent ?? null,
    resource: t.resource ?? null,
    writeDisposition: t.write_disposition ?? (t.parent ? null : 'append'),
    description: t.description ?? null,
    system: isSystemTable(t.name),
    columns: Object.values(t.columns).map((c) => ({ name: c.name, dataType: c.data_type ?? null, nullable: c.nullable !== false, hints: columnHints(c) })),
  }));
  let versions: unknown[] = [];
  let versionsError: string | undefined;
  try {
    const ds = ctx.dataset();
    const rows = await ds.query(
      `SELECT version, engine_version, inserted_at, schema_name, version_hash FROM "${ds.datasetName.replace(/"/g, '""')}"."${VERSION_TABLE}" WHERE schema_name = '${s.name.replace(/'/g, "''")}' ORDER BY version DESC, inserted_at DESC`,
    );
    versions = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJsonValue(v)])));
  } catch (e) {
    versionsError = e instanceof Error ? e.message : String(e);
  }
  return {
    names: [...p.schemas.keys()],
    schema: { name: s.name, version: s.version, versionHash: s.versionHash, previousHashes: s.previousHashes, settings: s.settings, tables },
    versions,
    versionsError,
  };
};

export const schemaYaml: Handler = async (ctx, url) => {
  const s = schemaByName(ctx, url.searchParams.get('name'));
  return new Download(`${s.name}.schema.yaml`, 'application/yaml; charset=utf-8', s.export('yaml'));
};
