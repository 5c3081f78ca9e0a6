/** `sluice pipeline <name> load-package [load_id]` and `failed-jobs`. */
import type { Pipeline } from '../../pipeline/pipeline.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { allPackages, packageFolder, summarize, type PackageSummary } from './packages.js';

function formatSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const PACKAGE_STATE_TEXT: Record<PackageSummary['state'], string> = {
  loaded: 'LOADED',
  aborted: 'ABORTED (a job was rejected; none of its rows were loaded)',
  extracted: 'EXTRACTED (pending: the next run or normalize() normalizes and loads it)',
  normalized: 'NORMALIZED (pending)',
};

function packageText(s: PackageSummary, verbose: boolean): string {
  const failed = s.jobs.filter((j) => j.state === 'failed').length;
  const lines = [
    `Package ${s.load_id} found in ${packageFolder(s.state)} and is ${PACKAGE_STATE_TEXT[s.state]}`,
    `  schema: ${s.schema_name ?? '-'}, created at ${s.created_at ?? '-'}`,
    `  ${s.jobs.length} job(s), ${failed} failed`,
  ];
  for (const j of s.jobs) {
    lines.push(`  ${j.state.padEnd(9)} ${j.job_id.padEnd(28)} ${formatSize(j.size).padStart(10)}  ${j.file}`);
    if (j.error) lines.push(`            error: ${j.error.split('\n')[0]}`);
  }
  if (verbose && s.row_counts) lines.push('  rows:', ...Object.entries(s.row_counts).map(([t, n]) => `    ${t}: ${n}`));
  return lines.join('\n');
}

export function printLoadPackage(ctx: CliContext, p: Pipeline, loadId: string | undefined): void {
  const all = allPackages(p);
  if (!all.length) throw new UsageError(`pipeline ${p.pipelineName} has no load packages`);
  const hit = loadId ? all.find((x) => x.pkg.loadId === loadId) : all[all.length - 1];
  if (!hit) throw new UsageError(`load package '${loadId}' not found in pipeline ${p.pipelineName} (packages: ${all.map((x) => x.pkg.loadId).join(', ')})`);
  const s = summarize(hit.pkg, hit.state);
  ctx.emit(s, () => packageText(s, ctx.verbose));
}

export function printFailedJobs(ctx: CliContext, p: Pipeline): void {
  const failed = allPackages(p).flatMap(({ pkg, state }) =>
    summarize(pkg, state)
      .jobs.filter((j) => j.state === 'failed')
      .map((j) => ({ load_id: pkg.loadId, ...j })),
  );
  ctx.emit({ failed_jobs: failed }, () =>
    failed.length
      ? failed.map((j) => `Package ${j.load_id}: job ${j.job_id} (${j.file.split('.').pop()}) failed\n  file: ${j.path}\n  error: ${j.error ?? '(no message)'}`).join('\n')
      : `No failed jobs found in pipeline ${p.pipelineName}`,
  );
}
