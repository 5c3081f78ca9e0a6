/** The trace of a run: steps with timings, rows per table, errors (masked). Saved as trace.json. */
import { maskSecrets } from '../config/secret.js';
import { humanizeSeconds } from './load-info.js';

export interface StepTrace {
  /** `sync` appears only when reading the state from the destination, before extraction, failed. */
  step: 'sync' | 'extract' | 'normalize' | 'load';
  startedAt: string;
  finishedAt: string;
  /** Seconds. */
  duration: number;
  /** Rows per table (normalize, load) or records per resource (extract). */
  counts: Record<string, number>;
  error?: string;
}

export interface PipelineTrace {
  transactionId: string;
  pipelineName: string;
  startedAt: string;
  finishedAt?: string;
  steps: StepTrace[];
  /** Resolved config values: key, provider — never the value of a secret. */
  resolvedConfigValues?: { key: string; provider: string }[];
}

export function traceToString(t: PipelineTrace): string {
  const failed = t.steps.some((s) => s.error);
  const total = t.finishedAt ? (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000 : 0;
  const lines = [`Run started at ${t.startedAt} and ${failed ? 'FAILED' : 'COMPLETED'} in ${humanizeSeconds(total)} with ${t.steps.length} steps.`];
  for (const s of t.steps) {
    lines.push(`Step ${s.step} ${s.error ? 'FAILED' : 'COMPLETED'} in ${humanizeSeconds(s.duration)}.`);
    for (const [k, n] of Object.entries(s.counts)) lines.push(`- ${k}: ${n} ${s.step === 'extract' ? 'record(s)' : 'row(s)'}`);
    if (s.error) lines.push(`  error: ${maskSecrets(s.error)}`);
  }
  return lines.join('\n');
}
