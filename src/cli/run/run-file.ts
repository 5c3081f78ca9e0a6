/** `sluice run pipeline.yaml|json`: builds the REST source and pipeline the file describes, runs it, prints the LoadInfo. */
import { ConfigError } from '../../common/errors.js';
import { resolveDestinationCredentials } from '../../config/resolve.js';
import { registerCredentialSecrets } from '../../config/secret.js';
import { Pipeline } from '../../pipeline/pipeline.js';
import { RestApiConfigError, restApiSource } from '../../sources/rest-api/index.js';
import { createProgress } from '../progress/index.js';
import type { CliContext } from '../context.js';
import { fillSourceSecrets, readPipelineFile } from './pipeline-file.js';
import { printLoadInfo } from './print-load-info.js';

/** A credentials string that is a file path or a special name (a DuckDB file), not a secret. */
function looksLikePath(s: string): boolean {
  return s.startsWith(':') || /[\\/]/.test(s) || /\.[a-z0-9]{1,8}$/i.test(s);
}

/** The destination spec for the pipeline: the file's value, with credentials from the providers when absent. */
function destinationSpec(dest: string | { type: string; credentials?: unknown; [k: string]: unknown }, pipelineName: string): { type: string; [k: string]: unknown } {
  const spec = typeof dest === 'string' ? { type: dest } : { ...dest };
  if (spec.credentials === undefined) {
    const found = resolveDestinationCredentials(spec.type, { pipelineName });
    if (found !== undefined) spec.credentials = found;
  } else if (typeof spec.credentials !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(spec.credentials) || !looksLikePath(spec.credentials)) {
    registerCredentialSecrets(spec.credentials);
  }
  return spec;
}

export async function runPipelineFile(ctx: CliContext, file: string): Promise<void> {
  const pf = readPipelineFile(file);
  const { name: sourceName = 'rest_api', ...restConfig } = pf.source as Record<string, unknown> & { name?: string };
  fillSourceSecrets(restConfig, sourceName, pf.pipeline_name);
  let source;
  try {
    source = restApiSource(restConfig as Parameters<typeof restApiSource>[0], { name: sourceName });
  } catch (e) {
    if (e instanceof RestApiConfigError) {
      const problems = e.problems.map((p) => `source.${p}`);
      throw new ConfigError(problems.length === 1 ? `${file}: ${problems[0]}` : `${file} (${problems.length} problems):\n  - ${problems.join('\n  - ')}`, { cause: e });
    }
    if (e instanceof ConfigError) throw new ConfigError(`${file}: source: ${e.message}`, { cause: e });
    throw e;
  }
  const p = new Pipeline({
    pipelineName: pf.pipeline_name,
    destination: destinationSpec(pf.destination, pf.pipeline_name),
    datasetName: pf.dataset_name,
    devMode: pf.dev_mode,
    pipelinesDir: ctx.pipelinesDir,
    progress: createProgress({ quiet: ctx.quiet || ctx.json }),
  });
  const info = await p.run(source, { write_disposition: pf.run?.write_disposition, refresh: pf.run?.refresh });
  printLoadInfo(ctx, info);
}
