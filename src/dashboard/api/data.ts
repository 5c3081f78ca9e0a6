/**
 * Data page: table list with row counts, one table's rows with server-side paging, sorting and column
 * filters (LIMIT with a keyset cursor for the next/previous page where the order allows, else OFFSET;
 * the count runs only when asked, i.e. when the filters change), and a CSV export streamed in chunks. Pages and chunks come from limited relations, which the dataset orders by the
 * table's stable key after the chosen sort, so paging never repeats or skips a row.
 */
import type { Relation } from '../../dataset/relation.js';
import { typedColumns } from '../../schema/schema.js';
import { isSystemTable } from '../../schema/system-tables.js';
import type { TableSchema } from '../../schema/types.js';
import type { DashboardContext } from '../context.js';
import { csvHeaderLine, csvLines } from '../csv.js';
import { toGrid } from '../serialize.js';
import { countRows } from './counts.js';
import { applyFilter } from './filter.js';
import { cursorOf, cursorParam, keysetWorks, pageOf } from './keyset.js';
import { ApiError, Download, type Handler } from './types.js';

/** Largest page the browser may ask for. */
export const MAX_PAGE_SIZE = 1000;
/** Rows per chunk of a CSV export. */
const EXPORT_CHUNK = 10_000;

/** Tables with data columns (created in the destination), system tables last. */
function knownTables(ctx: DashboardContext): TableSchema[] {
  const s = ctx.pipeline().defaultSchema;
  if (!s) return [];
  const tables = Object.values(s.tables).filter((t) => Object.values(t.columns).some((c) => c.data_type));
  return [...tables.filter((t) => !isSystemTable(t.name)), ...tables.filter((t) => isSystemTable(t.name))];
}

function tableOf(ctx: DashboardContext, name: string | null): TableSchema {
  const t = knownTables(ctx).find((x) => x.name === name);
  if (!t) throw new ApiError(`table '${name ?? ''}' is not in the schema`, 404);
  return t;
}

/** A whole-number query parameter of at least `min`; `fallback` when absent. */
function wholeParam(url: URL, name: string, min: number, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min) throw new ApiError(`${name}: expected a whole number ≥ ${min}, got '${raw}'`);
  return n;
}

/** The `filters` parameter: a JSON object of column name → filter text (numbers and booleans are taken as text). */
function filtersParam(url: URL): [string, string][] {
  const v: unknown = JSON.parse(url.searchParams.get('filters') || '{}');
  const bad = () => new ApiError(`filters: expected a JSON object of column → filter text, e.g. {"name":"ada"}; got ${JSON.stringify(v)}`);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad();
  return Object.entries(v).map(([k, x]) => {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') throw bad();
    return [k, String(x)];
  });
}

/** The relation for a table with the sort and filters of the request applied (names checked against the schema). */
function relationFor(ctx: DashboardContext, url: URL): { table: TableSchema; rel: Relation; filtered: Relation } {
  const table = tableOf(ctx, url.searchParams.get('table'));
  let rel = ctx.dataset().table(table.name);
  for (const [col, expr] of filtersParam(url)) {
    if (!Object.hasOwn(table.columns, col)) throw new ApiError(`table ${table.name} has no column '${col}'`);
    rel = applyFilter(rel, col, expr, table.columns[col]!.data_type);
  }
  const filtered = rel;
  const sort = url.searchParams.get('sort');
  if (sort) {
    if (!Object.hasOwn(table.columns, sort)) throw new ApiError(`table ${table.name} has no column '${sort}'`);
    // NULLs last either way (PostgreSQL would put them first when descending), so keyset pages know where they are.
    rel = rel.orderBy(sort, url.searchParams.get('dir') === 'desc' ? 'desc' : 'asc', 'last');
  }
  return { table, rel, filtered };
}

export const tables: Handler = async (ctx) => {
  const list = knownTables(ctx);
  const ds = ctx.dataset();
  let counts: Record<string, number | null> = {};
  let error: string | undefined;
  try {
    await ctx.withClient(async () => undefined);
    counts = await countRows(ds, list.map((t) => t.name));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  return {
    tables: list.map((t) => ({ name: t.name, parent: t.parent ?? null, system: isSystemTable(t.name), rowCount: counts[t.name] ?? null })),
    error,
  };
};

export const tableRows: Handler = async (ctx, url) => {
  const { table, rel, filtered } = relationFor(ctx, url);
  const limit = Math.min(MAX_PAGE_SIZE, wholeParam(url, 'limit', 1, 50));
  const offset = wholeParam(url, 'offset', 0, 0);
  const seek = cursorParam(url);
  const columns = typedColumns(table).map((c) => ({ name: c.name, dataType: c.data_type }));
  const pageOrder = await rel.order();
  const works = keysetWorks(table, pageOrder);
  const rows = await pageOf(table, rel, pageOrder, works, limit, offset, seek).rows();
  const total = url.searchParams.get('count') === '1' ? await filtered.count() : undefined;
  const grid = toGrid(rows);
  // Keep the schema's column order; columns only the destination knows go last. With no rows (a filter
  // that matches none, a page past the end) the schema's columns still head the grid and its filters.
  const isDlt = (n: string) => n.startsWith('_dlt_');
  const known = columns.map((c) => c.name).filter((n) => !rows.length || grid.columns.includes(n));
  const order = [...known.filter((n) => !isDlt(n)), ...grid.columns.filter((n) => !table.columns[n]), ...known.filter(isDlt)];
  const idx = order.map((n) => grid.columns.indexOf(n));
  return {
    table: table.name,
    columns: order.map((n) => ({ name: n, dataType: table.columns[n]?.data_type ?? null })),
    rows: grid.rows.map((r) => idx.map((i) => r[i])),
    offset,
    limit,
    total,
    // Send back as `after` (next page) or `before` (previous page); null: page by offset.
    cursor: works && rows.length ? { first: cursorOf(rows[0], pageOrder) ?? null, last: cursorOf(rows[rows.length - 1], pageOrder) ?? null } : null,
  };
};

export const tableCsv: Handler = async (ctx, url) => {
  const { table, rel } = relationFor(ctx, url);
  const all = typedColumns(table).map((c) => c.name);
  const columns = [...all.filter((n) => !n.startsWith('_dlt_')), ...all.filter((n) => n.startsWith('_dlt_'))];
  async function* chunks(): AsyncIterable<string> {
    yield csvHeaderLine(columns);
    const order = await rel.order();
    const works = keysetWorks(table, order);
    let after: ReturnType<typeof cursorParam>;
    for (let offset = 0; ; offset += EXPORT_CHUNK) {
      // Limited: ordered by the table's stable key; each chunk after the last row of the one before when it can.
      const rows = await pageOf(table, rel, order, works, EXPORT_CHUNK, offset, after).rows();
      if (rows.length) yield csvLines(columns, rows);
      if (rows.length < EXPORT_CHUNK) return;
      const cursor = cursorOf(rows[rows.length - 1], order);
      after = cursor && { side: 'after', cursor };
    }
  }
  return new Download(`${table.name}.csv`, 'text/csv; charset=utf-8', chunks());
};
