/** `sluice pipeline <name> trace`: the last run's trace (trace.json). */
import { existsSync, readFileSync } from 'node:fs';
import type { Pipeline } from '../../pipeline/pipeline.js';
import { traceToString, type PipelineTrace } from '../../pipeline/trace.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

export function printTrace(ctx: CliContext, p: Pipeline): void {
  if (!existsSync(p.workingDir.traceFile)) throw new UsageError(`pipeline ${p.pipelineName} has no trace yet (it is written by a run)`);
  const trace = JSON.parse(readFileSync(p.workingDir.traceFile, 'utf8')) as PipelineTrace;
  ctx.emit(trace, () => {
    const lines = [traceToString(trace)];
    if (ctx.verbose) {
      lines.push(`transaction id: ${trace.transactionId}`);
      for (const v of trace.resolvedConfigValues ?? []) lines.push(`resolved ${v.key} from ${v.provider}`);
    }
    return lines.join('\n');
  });
}
