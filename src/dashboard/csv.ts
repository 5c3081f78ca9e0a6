/** CSV text for exports (RFC 4180: quoted when needed, CRLF line ends), masked for secrets. */
import { maskSecrets } from '../config/secret.js';
import { toJsonValue } from './serialize.js';

function cell(v: unknown): string {
  const j = toJsonValue(v);
  if (j === null || j === undefined) return '';
  const s = typeof j === 'object' ? JSON.stringify(j) : String(j);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** The header line for `columns`. */
export function csvHeaderLine(columns: string[]): string {
  return maskSecrets(columns.map(cell).join(',')) + '\r\n';
}

/** CSV lines (no header) for rows, in `columns` order. */
export function csvLines(columns: string[], rows: Record<string, unknown>[]): string {
  let out = '';
  for (const r of rows) out += columns.map((c) => cell(r[c])).join(',') + '\r\n';
  return maskSecrets(out);
}
