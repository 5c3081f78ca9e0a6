/** Plain-text tables for terminal output: narrow columns, cut cells, no wrapping. */

/** Shortens `s` to `width` characters with an ellipsis. */
export function cut(s: string, width: number): string {
  return s.length <= width ? s : s.slice(0, Math.max(1, width - 1)) + '…';
}

/** A cell's text: JSON for objects, ISO for dates, `null` for null. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replace(/\s+/g, ' ');
}

/**
 * Renders rows as an aligned table. Columns are cut to `maxCell` characters and dropped from the right
 * once the line would exceed `maxWidth` (a `…` column says some were left out).
 */
export function renderTable(columns: string[], rows: Record<string, unknown>[], o: { maxCell?: number; maxWidth?: number } = {}): string {
  const maxCell = o.maxCell ?? 18;
  const maxWidth = o.maxWidth ?? 100;
  const cells = rows.map((r) => columns.map((c) => cut(cellText(r[c]), maxCell)));
  const widths = columns.map((c, i) => Math.max(cut(c, maxCell).length, ...cells.map((r) => r[i]!.length)));
  let shown = 0;
  let total = 0;
  while (shown < columns.length && total + widths[shown]! + 2 <= maxWidth) total += widths[shown++]! + 2;
  shown = Math.max(1, shown);
  const more = shown < columns.length;
  const line = (vals: string[]) => (vals.slice(0, shown).map((v, i) => v.padEnd(widths[i]!)).join('  ') + (more ? '  …' : '')).trimEnd();
  return [line(columns.map((c) => cut(c, maxCell))), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
