/** Prints a LoadInfo: dlt's text (not with `--quiet`), or its JSON with `--json`. */
import type { LoadInfo } from '../../pipeline/load-info.js';
import type { CliContext } from '../context.js';

export function printLoadInfo(ctx: CliContext, info: LoadInfo, extra: Record<string, unknown> = {}): void {
  if (ctx.json) ctx.result({ ok: !info.hasFailedJobs, load_info: info.toJSON(), row_counts: info.rowCounts, ...extra });
  else ctx.info(info.toString());
}
