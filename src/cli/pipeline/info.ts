/** `sluice pipeline <name> info`: state, schemas and their tables, local state, packages (loaded, aborted, pending), trace. */
import { existsSync } from 'node:fs';
import type { Pipeline } from '../../pipeline/pipeline.js';
import type { CliContext } from '../context.js';
import { allPackages } from './packages.js';

export function pipelineInfo(p: Pipeline): Record<string, unknown> {
  const s = p.state;
  const packages = allPackages(p);
  const { _local, sources, ...synced } = s;
  return {
    pipeline_name: p.pipelineName,
    working_dir: p.workingDir.root,
    dataset_name: s.dataset_name,
    destination_type: s.destination_type,
    default_schema_name: s.default_schema_name,
    schema_names: s.schema_names,
    state_version: s._state_version,
    synced_state: synced,
    sources_state: sources,
    local_state: _local,
    schemas: [...p.schemas.values()].map((sc) => ({
      name: sc.name,
      version: sc.version,
      tables: sc.dataTables.map((t) => ({ name: t.name, parent: t.parent, resource: t.resource, write_disposition: t.write_disposition, columns: Object.keys(t.columns).length })),
    })),
    loaded_packages: packages.filter((x) => x.state === 'loaded').map((x) => x.pkg.loadId),
    aborted_packages: packages.filter((x) => x.state === 'aborted').map((x) => x.pkg.loadId),
    pending_packages: packages.filter((x) => x.state === 'normalized' || x.state === 'extracted').map((x) => x.pkg.loadId),
    extracted_packages: packages.filter((x) => x.state === 'extracted').map((x) => x.pkg.loadId),
    has_trace: existsSync(p.workingDir.traceFile),
  };
}

export function printInfo(ctx: CliContext, p: Pipeline): void {
  const i = pipelineInfo(p);
  ctx.emit(i, () => {
    const s = p.state;
    const lines = [
      `Found pipeline ${ctx.bold(p.pipelineName)} in ${p.workingDir.root}`,
      `Synchronized state:`,
      `  dataset_name: ${s.dataset_name}`,
      `  destination_type: ${s.destination_type ?? '(not loaded yet)'}`,
      `  default_schema_name: ${s.default_schema_name ?? '-'}`,
      `  schema_names: ${s.schema_names.join(', ') || '-'}`,
      `  state version: ${s._state_version}`,
    ];
    if (ctx.verbose) lines.push('sources state:', ...JSON.stringify(s.sources, null, 2).split('\n').map((l) => '  ' + l));
    lines.push(
      `Local state:`,
      `  first_run: ${s._local.first_run}`,
      `  initial_cwd: ${s._local.initial_cwd}`,
      `  _last_extracted_at: ${s._local._last_extracted_at ?? '-'}`,
    );
    if (s._local.database_file) lines.push(`  database_file: ${s._local.database_file}`);
    for (const sc of p.schemas.values()) {
      lines.push(`Resources in schema: ${sc.name} (version ${sc.version})`);
      const roots = sc.dataTables.filter((t) => !t.parent);
      for (const r of roots) {
        const children = sc.tableChain(r.name).filter((t) => t.name !== r.name).map((t) => t.name);
        lines.push(`  ${r.resource ?? r.name} → ${r.name}${children.length ? ` (+ ${children.join(', ')})` : ''}  [${r.write_disposition ?? 'append'}]`);
      }
      if (!roots.length) lines.push('  (no tables yet)');
    }
    const loaded = i.loaded_packages as string[];
    const pending = i.pending_packages as string[];
    const aborted = i.aborted_packages as string[];
    lines.push(`Working dir content:`, `  ${loaded.length} completed load package(s)${loaded.length ? `, last ${loaded[loaded.length - 1]}` : ''}`);
    if (aborted.length) lines.push(`  ${aborted.length} aborted load package(s) with failed jobs: ${aborted.join(', ')} — see sluice pipeline ${p.pipelineName} failed-jobs`);
    const extracted = (i.extracted_packages as string[]).length;
    const notNormalized = extracted ? ` (${extracted} extracted, not normalized yet)` : '';
    lines.push(pending.length ? `  ${pending.length} pending load package(s)${notNormalized}: ${pending.join(', ')} — run the pipeline again to load them, or drop them with drop-pending-packages` : '  no pending packages');
    lines.push(i.has_trace ? `  last run trace: sluice pipeline ${p.pipelineName} trace` : '  no trace yet');
    return lines.join('\n');
  });
}
