/** Running the CLI as a subprocess in a throwaway project directory. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp project: `dir` is the cwd, pipelines live in `dir/.data/pipelines`, no global config. */
export class Project {
  readonly dir: string;
  constructor(prefix = 'sluice-cli-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }
  get dataDir(): string {
    return join(this.dir, '.data');
  }
  get pipelinesDir(): string {
    return join(this.dataDir, 'pipelines');
  }
  /** Environment of every run: isolated data/global dirs, no colors, no inherited sluice settings. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(SOURCES__|DESTINATION__|RUNTIME__|SLUICE_)/.test(k)) env[k] = v;
    return { ...env, SLUICE_DATA_DIR: this.dataDir, SLUICE_GLOBAL_DIR: join(this.dir, '.global'), NO_COLOR: '1', ...extra };
  }
  /** Runs `sluice ...args` in the project dir. */
  run(args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: this.dir, env: this.env(extraEnv), timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }
  write(rel: string, content: string): void {
    mkdirSync(dirname(join(this.dir, rel)), { recursive: true });
    writeFileSync(join(this.dir, rel), content);
  }
  read(rel: string): string {
    return readFileSync(join(this.dir, rel), 'utf8');
  }
  /** Every file under `rel` (recursively), as paths. */
  files(rel = '.'): string[] {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => {
        const p = join(d, f);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
    return walk(join(this.dir, rel));
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Parses stdout as JSON, failing with the output when it is not. */
export function parseJson(r: CliResult): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr:\n${r.stderr}`);
  }
}

/** A readable dump of a result for assertion messages. */
export function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;
}

/** Starts `sluice ...args` and resolves with the child once stdout matches `ready`. */
export async function startCli(project: Project, args: string[], ready: RegExp): Promise<{ child: import('node:child_process').ChildProcess; match: RegExpMatchArray; exited: Promise<number | null> }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: project.dir, env: project.env() });
  let err = '';
  // A death by signal resolves null; its name and the child's stderr go to the test's log.
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code === null) process.stderr.write(`sluice ${args.join(' ')} died of ${signal}:\n${err}\n`);
      resolve(code);
    }),
  );
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) resolve(m);
    });
    void exited.then((code) => reject(new Error(`exited ${code} before ready:\n${out}\n${err}`)));
  });
  return { child, match, exited };
}
