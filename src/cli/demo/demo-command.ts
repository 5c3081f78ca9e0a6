/**
 * `sluice demo [api]` (default `passwordless`): starts the verified source's bundled simulator on a
 * loopback port, loads it into `demo.duckdb` in the current directory (pipeline `<api>_demo`, a fresh
 * load each time), prints the load report and a short summary of the tables, then stops the simulator.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { Pipeline } from '../../pipeline/pipeline.js';
import { createProgress } from '../progress/index.js';
import { action } from '../command.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { printLoadInfo } from '../run/print-load-info.js';
import { didYouMean } from '../../common/suggest.js';
import { getVerifiedSource, listVerifiedSources } from '../verified.js';
import { summarizeDataset, summaryText } from './summary.js';

interface DemoOptions {
  port?: string;
  seed?: string;
  file: string;
}

async function demo(ctx: CliContext, api: string, o: DemoOptions): Promise<void> {
  const spec = await getVerifiedSource(api);
  if (!spec) {
    const names = (await listVerifiedSources()).map((s) => s.name);
    throw new UsageError(`no demo for '${api}'${didYouMean(api, names)} (available: ${names.join(', ') || 'none in this build'})`);
  }
  const port = o.port === undefined ? undefined : Number(o.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port: expected a port number, got '${o.port}'`);
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed: expected an integer, got '${o.seed}'`);

  const pipelineName = `${spec.name}_demo`;
  const file = resolve(o.file);
  ctx.info(`Starting the ${spec.name} simulator…`);
  const sim = await spec.startSimulator({ port, seed }).catch((e: unknown) => {
    const code = (e as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError(`--port: the simulator cannot listen on port ${port} (${code === 'EADDRINUSE' ? 'another program uses it' : 'not allowed'}); choose another port, or leave --port out for a free one`);
    }
    throw e;
  });
  try {
    const p = new Pipeline({
      pipelineName,
      destination: { type: 'duckdb', credentials: file },
      datasetName: spec.datasetName,
      pipelinesDir: ctx.pipelinesDir,
      progress: createProgress({ quiet: ctx.quiet || ctx.json }),
    });
    const source = spec.create(sim.values, { pipelineName });
    const info = await p.run(source, { refresh: 'drop_sources' });
    const summary = await summarizeDataset(p);
    printLoadInfo(ctx, info, { demo: { api: spec.name, pipeline_name: pipelineName, duckdb_file: file, tables: summary.tables, peek: summary.peek } });
    if (!ctx.json && !ctx.quiet) {
      ctx.print('');
      ctx.print(summaryText(summary, process.stdout.columns ?? 100));
      ctx.print('');
      ctx.print(`Explore it:  sluice pipeline ${pipelineName} info    ·    sluice pipeline ${pipelineName} show`);
      ctx.print(`Your own:    sluice init ${spec.name} duckdb`);
    }
  } finally {
    await sim.close();
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a verified source from its bundled simulator into demo.duckdb (no account needed)')
    .argument('[api]', 'which API (see sluice init --list-sources)', 'passwordless')
    .option('--port <port>', 'simulator port (default: a free one)')
    .option('--seed <n>', 'simulator data seed')
    .option('--file <path>', 'DuckDB file', 'demo.duckdb')
    .addHelpText('after', '\nExamples:\n  $ sluice demo\n  $ sluice demo authsignal --json')
    .action(action<[string], DemoOptions>((ctx, [api], o) => demo(ctx, api, o)));
}
