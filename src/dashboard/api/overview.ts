/** Overview page: pipeline, destination (masked), dataset, working dir, last run, pending packages, failed jobs. */
import { existsSync, readFileSync } from 'node:fs';
import type { PipelineTrace } from '../../pipeline/trace.js';
import { abortedPackages, loadedPackages, pendingPackages, type LoadPackage } from '../../storage/load-package.js';
import type { DashboardContext } from '../context.js';
import { countRows } from './counts.js';
import { attempt, type Handler } from './types.js';

/** Summary of one package's jobs. */
function packageSummary(pkg: LoadPackage) {
  let state: { created_at?: string; schema_name?: string; row_counts?: Record<string, number> } = {};
  try {
    state = pkg.state();
  } catch {
    // a package being written has no state yet
  }
  const jobs = pkg.jobs();
  const byState: Record<string, number> = {};
  for (const j of jobs) byState[j.state] = (byState[j.state] ?? 0) + 1;
  return { loadId: pkg.loadId, createdAt: state.created_at, schemaName: state.schema_name, jobs: byState, rowCounts: state.row_counts ?? {} };
}

/** Failed jobs of pending, loaded and aborted packages (newest first). */
export function failedJobs(ctx: DashboardContext) {
  const wd = ctx.pipeline().workingDir;
  const out: { loadId: string; package: 'pending' | 'loaded' | 'aborted'; jobId: string; table: string; file: string; error?: string }[] = [];
  for (const [where, pkgs] of [['pending', pendingPackages(wd)], ['loaded', loadedPackages(wd)], ['aborted', abortedPackages(wd)]] as const) {
    for (const pkg of pkgs) {
      for (const j of pkg.jobs()) if (j.state === 'failed_jobs') out.push({ loadId: pkg.loadId, package: where, jobId: j.jobId, table: j.table, file: j.file, error: j.error });
    }
  }
  return out.sort((a, b) => Number(b.loadId) - Number(a.loadId));
}

/** The last run's trace from trace.json, with its status and total duration. */
function lastRun(traceFile: string) {
  if (!existsSync(traceFile)) return null;
  const t = JSON.parse(readFileSync(traceFile, 'utf8')) as PipelineTrace;
  const failed = t.steps.some((s) => s.error);
  const duration = t.finishedAt ? (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000 : undefined;
  const load = t.steps.filter((s) => s.step === 'load');
  const rows: Record<string, number> = {};
  for (const s of load.length ? load : t.steps.filter((s) => s.step === 'normalize')) {
    for (const [k, n] of Object.entries(s.counts)) if (!k.startsWith('_dlt')) rows[k] = (rows[k] ?? 0) + n;
  }
  return { transactionId: t.transactionId, startedAt: t.startedAt, finishedAt: t.finishedAt, duration, status: failed ? 'failed' : 'completed', steps: t.steps, rows };
}

/** Why the destination cannot show this pipeline's data (missing file, dropped dataset, unreachable), or null. */
async function destinationProblem(ctx: DashboardContext): Promise<string | null> {
  try {
    return await ctx.withClient(async (client, dest) => {
      if ((await client.datasetExists?.()) !== false) return null;
      const p = ctx.pipeline();
      const loads = loadedPackages(p.workingDir).length;
      const cause = loads ? `it was dropped after ${loads} load${loads === 1 ? '' : 's'} went to it` : 'nothing was loaded into it yet';
      return `the dataset ${p.datasetName} is not in the destination ${dest.displayLocation()}: ${cause}. The schema, state and trace pages still work.`;
    });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export const overview: Handler = async (ctx) => {
  const p = ctx.pipeline();
  const st = p.state;
  const destination = await attempt(async () => {
    const d = await ctx.destination();
    return { type: d.type, location: d.displayLocation(), transactional: d.capabilities.transactional };
  });
  const problem = await destinationProblem(ctx);
  const tables = problem
    ? { error: problem }
    : await attempt(async () => {
        const names = p.defaultSchema?.dataTables.filter((t) => Object.values(t.columns).some((c) => c.data_type)).map((t) => t.name) ?? [];
        return countRows(ctx.dataset(), names);
      });
  return {
    pipeline: {
      name: p.pipelineName,
      datasetName: p.datasetName,
      workingDir: p.workingDir.root,
      stateVersion: st._state_version,
      schemaNames: st.schema_names,
      defaultSchema: st.default_schema_name ?? null,
      schemaVersion: p.defaultSchema?.version ?? null,
      firstRun: st._local.first_run,
      lastExtractedAt: st._local._last_extracted_at ?? null,
    },
    destination,
    destinationProblem: problem,
    lastRun: lastRun(p.workingDir.traceFile),
    pending: p.pendingPackages().map(packageSummary),
    loadedPackages: loadedPackages(p.workingDir).length,
    failedJobs: failedJobs(ctx),
    tables,
  };
};
