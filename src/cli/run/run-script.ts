/**
 * Runs a pipeline script (`.ts`, `.mts`, `.js`, `.mjs`) in this process: TypeScript is loaded through
 * tsx, and the script's `import 'sluice'` / `'sluice/verified'` / `'sluice/testing'` resolve to this very
 * CLI's modules (see `sluice-entry.ts`), so a scaffolded project runs without a build step and shares the
 * CLI's secret registry. The script prints its own load report.
 */
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runState } from '../command.js';
import type { CliContext } from '../context.js';
import { reportError } from '../errors.js';
import { UsageError } from '../errors.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The resolve hook, as a data: URL so it loads without any transpiler. It also makes the script itself an
 * ES module where Node would take it for CommonJS (a `.ts` or `.js` file outside a `"type": "module"`
 * project): sluice scripts are written with `import` and top-level `await`, which tsx otherwise fails
 * on there ("Cannot require() ES Module ... in a cycle").
 */
const HOOK = `
let entries = {};
let script;
export async function initialize(data) { entries = data.entries; script = data.script; }
export async function resolve(specifier, context, next) {
  const hit = entries[specifier];
  const r = await (hit ? next(hit, context) : next(specifier, context));
  return r.url === script && r.format === 'commonjs' ? { ...r, format: 'module' } : r;
}
`;

let installed = false;

/** Installs tsx (unless already active) and the `sluice` self-resolution hook for `script` (a file URL), once. */
export async function installScriptLoader(script: string): Promise<void> {
  if (installed) return;
  installed = true;
  if (!FROM_SOURCE) {
    const tsx = (await import('tsx/esm/api')) as { register: () => unknown };
    tsx.register();
  }
  const ext = FROM_SOURCE ? '.ts' : '.js';
  const entries = {
    sluice: new URL(`./sluice-entry${ext}`, import.meta.url).href,
    'sluice/verified': new URL(`./verified-entry${ext}`, import.meta.url).href,
    'sluice/testing': new URL(`../../testing/index${ext}`, import.meta.url).href,
  };
  register('data:text/javascript,' + encodeURIComponent(HOOK), { data: { entries, script } });
}

/**
 * Scripts build their pipelines without a `pipelinesDir`, i.e. in `$SLUICE_DATA_DIR/pipelines`: an explicit
 * `--pipelines-dir <data>/pipelines` is passed on as `SLUICE_DATA_DIR=<data>`.
 */
function usePipelinesDir(ctx: CliContext): void {
  if (!ctx.explicitPipelinesDir) return;
  const dir = resolve(ctx.pipelinesDir);
  if (basename(dir) === 'pipelines') process.env.SLUICE_DATA_DIR = dirname(dir);
  else ctx.warn(`sluice: --pipelines-dir is passed to scripts only when it ends in /pipelines (it becomes SLUICE_DATA_DIR); '${dir}' does not`);
}

/** Imports and so runs the script; its own arguments become `process.argv.slice(2)`. */
export async function runScript(ctx: CliContext, file: string, args: string[]): Promise<void> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`pipeline script '${file}' not found`);
  const url = pathToFileURL(path).href;
  await installScriptLoader(url);
  usePipelinesDir(ctx);
  process.argv = [process.argv[0]!, path, ...args];
  // Work the script leaves scheduled after its top level finishes must still end in an exit code.
  runState.keepAlive = true;
  process.on('unhandledRejection', (e) => {
    process.exitCode = reportError(e, { verbose: ctx.verbose, json: ctx.json });
  });
  await import(url);
}
