/**
 * `sluice init <source> <destination>`: scaffolds a pipeline project in the current directory —
 * `<source>_pipeline.ts`, `.dlt/secrets.toml` (placeholders), `.dlt/config.toml`, `.gitignore` and the
 * `package.json` bits. Existing files are never overwritten without `--force` (`.gitignore` and
 * `package.json` are merged, not replaced). `--list-sources`, `--list-destinations`.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { action } from '../command.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../../common/suggest.js';
import { getVerifiedSource, listVerifiedSources } from '../verified.js';
import { sluiceDependency } from '../version.js';
import { DESTINATIONS, findDestinationTemplate, isDestinationAvailable } from './destinations.js';
import { configToml, gitignore, packageJson, restApiSecretsToml, verifiedSecretsToml } from './project-files.js';
import { restApiScript } from './template-rest-api.js';
import { verifiedScript } from './template-verified.js';

interface InitOptions {
  listSources?: boolean;
  listDestinations?: boolean;
  force?: boolean;
  dir?: string;
}

/** A file to write: `merge` files are updated in place, the others refused when they exist. */
interface PlannedFile {
  path: string;
  content: string;
  merge?: boolean;
}

export const CORE_SOURCES = [{ name: 'rest_api', description: 'Any REST API, described by a declarative config (dlt rest_api keys)' }];

async function listSources(ctx: CliContext): Promise<void> {
  const verified = await listVerifiedSources();
  const rows = [
    ...CORE_SOURCES.map((s) => ({ name: s.name, kind: 'core', description: s.description })),
    ...verified.map((s) => ({ name: s.name, kind: 'verified', description: s.description, aliases: s.aliases })),
  ];
  const width = Math.max(16, ...rows.map((r) => r.name.length));
  const line = (s: { name: string; description: string }) => `  ${s.name.padEnd(width)} ${s.description}`;
  ctx.emit({ sources: rows }, () =>
    ['Core sources:', ...CORE_SOURCES.map(line), '', 'Verified sources:', ...(verified.length ? verified.map(line) : ['  (none in this build)'])].join('\n'),
  );
}

async function listDestinations(ctx: CliContext): Promise<void> {
  const rows = await Promise.all(DESTINATIONS.map(async (d) => ({ name: d.name, description: d.description, available: await isDestinationAvailable(d.name) })));
  ctx.emit({ destinations: rows }, () => ['Destinations:', ...rows.map((d) => `  ${d.name.padEnd(12)} ${d.description}${d.available ? '' : ' (not in this build yet)'}`)].join('\n'));
}

async function plan(source: string, destination: string, dir: string): Promise<{ files: PlannedFile[]; scriptFile: string; pipelineName: string }> {
  const dest = findDestinationTemplate(destination);
  if (!dest) throw new UsageError(`unknown destination '${destination}'${didYouMean(destination, DESTINATIONS.map((d) => d.name))} (see sluice init --list-destinations)`);
  const dlt = join(dir, '.dlt');
  const existingPkgPath = join(dir, 'package.json');
  let existingPkg: Record<string, unknown> | undefined;
  if (existsSync(existingPkgPath)) {
    try {
      existingPkg = JSON.parse(readFileSync(existingPkgPath, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`package.json: not valid JSON (${(e as Error).message}); fix it or remove it before sluice init`);
    }
  }
  const existingIgnore = existsSync(join(dir, '.gitignore')) ? readFileSync(join(dir, '.gitignore'), 'utf8') : undefined;

  let script: string;
  let secrets: string;
  let config: string;
  let scriptFile: string;
  let pipelineName: string;
  if (source === 'rest_api') {
    scriptFile = 'rest_api_pipeline.ts';
    pipelineName = 'rest_api_pipeline';
    script = restApiScript({ pipelineName, datasetName: 'rest_api_data', destinationValue: dest.scriptValue(pipelineName), scriptFile });
    secrets = restApiSecretsToml(dest);
    config = configToml();
  } else {
    const spec = await getVerifiedSource(source);
    if (!spec) {
      const known = ['rest_api', ...(await listVerifiedSources()).map((s) => s.name)];
      throw new UsageError(`unknown source '${source}'${didYouMean(source, known)} (known: ${known.join(', ')}; see sluice init --list-sources)`);
    }
    scriptFile = `${spec.name}_pipeline.ts`;
    pipelineName = spec.pipelineName;
    script = verifiedScript(spec, { pipelineName, datasetName: spec.datasetName, destinationValue: dest.scriptValue(pipelineName, spec.duckdbFile), scriptFile });
    secrets = verifiedSecretsToml(spec, dest);
    config = configToml(spec);
  }
  const pkg = packageJson(existingPkg, { name: basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9-_.]/g, '-') || 'pipeline', scriptFile, dependency: sluiceDependency() });
  return {
    scriptFile,
    pipelineName,
    files: [
      { path: join(dir, scriptFile), content: script },
      { path: join(dlt, 'secrets.toml'), content: secrets },
      { path: join(dlt, 'config.toml'), content: config },
      { path: join(dir, '.gitignore'), content: gitignore(existingIgnore), merge: true },
      { path: existingPkgPath, content: JSON.stringify(pkg, null, 2) + '\n', merge: true },
    ],
  };
}

async function init(ctx: CliContext, source: string | undefined, destination: string | undefined, o: InitOptions): Promise<void> {
  if (o.listSources) return listSources(ctx);
  if (o.listDestinations) return listDestinations(ctx);
  if (!source) throw new UsageError('missing <source>: sluice init <source> <destination> (see --list-sources)');
  const dir = resolve(o.dir ?? '.');
  const { files, scriptFile, pipelineName } = await plan(source.toLowerCase(), destination ?? 'duckdb', dir);
  const clash = files.filter((f) => !f.merge && existsSync(f.path));
  if (clash.length && !o.force) {
    throw new UsageError(`refusing to overwrite ${clash.map((f) => f.path.slice(dir.length + 1)).join(', ')}; use --force to overwrite`);
  }
  const written: string[] = [];
  for (const f of files) {
    if (f.merge && existsSync(f.path) && readFileSync(f.path, 'utf8') === f.content) continue;
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content);
    written.push(f.path.slice(dir.length + 1));
  }
  ctx.emit({ ok: true, source, destination: destination ?? 'duckdb', pipeline_name: pipelineName, script: scriptFile, files: written }, () =>
    [
      `Scaffolded a ${source} → ${destination ?? 'duckdb'} pipeline in ${dir}:`,
      ...written.map((f) => `  ${f}`),
      '',
      'Next steps:',
      '  1. npm install                       (installs sluice)',
      '  2. fill in .dlt/secrets.toml         (every "<configure me>")',
      `  3. npx sluice run ${scriptFile}`,
      `  4. npx sluice pipeline ${pipelineName} show`,
    ].join('\n'),
  );
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('scaffold a pipeline project: script, .dlt/secrets.toml, .dlt/config.toml, .gitignore, package.json')
    .argument('[source]', 'rest_api or a verified source (see --list-sources)')
    .argument('[destination]', 'duckdb (default), postgres, filesystem')
    .option('-l, --list-sources', 'list the sources init can scaffold')
    .option('--list-destinations', 'list the destinations')
    .option('--force', 'overwrite existing files')
    .option('--dir <dir>', 'project directory (default: the current directory)')
    .addHelpText('after', '\nExamples:\n  $ sluice init rest_api duckdb\n  $ sluice init passwordless duckdb\n  $ sluice init --list-sources')
    .action(action<[string | undefined, string | undefined], InitOptions>((ctx, [source, destination], o) => init(ctx, source, destination, o)));
}
