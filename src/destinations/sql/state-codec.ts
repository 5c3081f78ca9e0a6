/** dlt's state/schema encoding for system tables: JSON → zlib (level 9) → base64. */
import { deflateSync, inflateSync } from 'node:zlib';

export function compressState(doc: unknown): string {
  return deflateSync(Buffer.from(JSON.stringify(doc)), { level: 9 }).toString('base64');
}

export function decompressState(text: string): Record<string, unknown> {
  const t = text.trim();
  if (t.startsWith('{')) return JSON.parse(t);
  return JSON.parse(inflateSync(Buffer.from(t, 'base64')).toString('utf8'));
}
