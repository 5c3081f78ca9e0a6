/**
 * Opening an existing pipeline from the command line: its working dir must exist; the destination is the
 * one its state names, located as the pipeline script would (see `destinationFor`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveDestinationCredentials } from '../../config/resolve.js';
import { Pipeline } from '../../pipeline/pipeline.js';
import type { PipelineState } from '../../pipeline/state.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../../common/suggest.js';
import { listVerifiedSources } from '../verified.js';

/** Destination overrides from the command line. */
export interface DestinationFlags {
  destination?: string;
  credentials?: string;
}

/** Pipeline names in the pipelines dir (folders with a state.json), sorted. */
export function listPipelineNames(pipelinesDir: string): string[] {
  if (!existsSync(pipelinesDir)) return [];
  return readdirSync(pipelinesDir)
    .filter((n) => {
      const d = join(pipelinesDir, n);
      return statSync(d).isDirectory() && (existsSync(join(d, 'state.json')) || existsSync(join(d, 'trace.json')) || existsSync(join(d, 'load')));
    })
    .sort();
}

/** The local state of a pipeline, read without constructing it. */
export function readLocalState(pipelinesDir: string, name: string): PipelineState | undefined {
  const f = join(pipelinesDir, name, 'state.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as PipelineState;
  } catch {
    return undefined;
  }
}

/**
 * Where a DuckDB pipeline keeps its file: `recorded`, the file of its last load (its local state), and
 * when that one is gone, `<pipeline>.duckdb`, the verified source's file for its scaffolded pipeline, or `demo.duckdb` for
 * `sluice demo` pipelines — in the current directory, then in the directory the pipeline was first run from.
 */
async function duckDbCandidates(name: string, state: PipelineState | undefined): Promise<{ recorded?: string; files: string[]; dirs: string[] }> {
  const recorded = typeof state?._local?.database_file === 'string' ? state._local.database_file : undefined;
  const files = [`${name}.duckdb`];
  for (const s of await listVerifiedSources()) if (s.pipelineName === name) files.push(s.duckdbFile);
  if (name.endsWith('_demo')) files.push('demo.duckdb');
  const dirs = [...new Set([process.cwd(), state?._local?.initial_cwd].filter((d): d is string => typeof d === 'string'))];
  return { recorded, files: [...new Set(files)], dirs };
}

async function locateDuckDb(name: string, state: PipelineState | undefined): Promise<string | undefined> {
  const { recorded, files, dirs } = await duckDbCandidates(name, state);
  if (recorded !== undefined && existsSync(recorded)) return recorded;
  for (const d of dirs) for (const f of files) if (existsSync(join(d, f))) return resolve(d, f);
  return undefined;
}

/** Why no DuckDB file of pipeline `name` was found: where it was looked for, and the flag that names it. */
export async function duckDbNotFound(name: string, state: PipelineState | undefined): Promise<string> {
  const { recorded, files, dirs } = await duckDbCandidates(name, state);
  const last = recorded !== undefined ? `${recorded}, the file of its last load, then ` : '';
  return `no DuckDB file of pipeline '${name}' found (looked for ${last}${files.join(', ')} in ${dirs.join(' and ')}); pass --credentials <path/to/file.duckdb>`;
}

/**
 * The destination spec of an existing pipeline: `--destination`/`--credentials`, else the state's type
 * with credentials from env/secrets.toml (`destination.<type>.credentials`), else (DuckDB) the file found
 * by `locateDuckDb`.
 */
export async function destinationFor(name: string, state: PipelineState | undefined, flags: DestinationFlags): Promise<{ type: string; credentials?: unknown }> {
  const type = flags.destination ?? state?.destination_type ?? 'duckdb';
  if (flags.credentials !== undefined) return { type, credentials: flags.credentials };
  let credentials: unknown;
  try {
    credentials = resolveDestinationCredentials(type, { pipelineName: name });
  } catch {
    credentials = undefined; // e.g. a DuckDB path kept in config.toml: fall back to locating the file
  }
  if (credentials === undefined && type === 'duckdb') credentials = await locateDuckDb(name, state);
  return credentials === undefined ? { type } : { type, credentials };
}

/** Why pipeline `name` cannot be opened (listing the ones that can), or undefined when it can. */
export function pipelineNotFound(ctx: CliContext, name: string): string | undefined {
  const known = listPipelineNames(ctx.pipelinesDir);
  if (known.includes(name)) return undefined;
  const hint = known.length ? `${didYouMean(name, known)} (pipelines there: ${known.join(', ')})` : ' (there are no pipelines there yet; run one first)';
  return `pipeline '${name}' not found in ${ctx.pipelinesDir}${hint}`;
}

/** Opens pipeline `name`. @throws UsageError when it does not exist (listing the ones that do). */
export async function openPipeline(ctx: CliContext, name: string, flags: DestinationFlags = {}): Promise<Pipeline> {
  const notFound = pipelineNotFound(ctx, name);
  if (notFound) throw new UsageError(notFound);
  const state = readLocalState(ctx.pipelinesDir, name);
  return new Pipeline({ pipelineName: name, pipelinesDir: ctx.pipelinesDir, destination: await destinationFor(name, state, flags), raiseOnFailedJobs: false });
}
