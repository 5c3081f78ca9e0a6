/**
 * Node arguments that run the benchmark script `name` beside `callerUrl`: the compiled `.js` when the
 * caller is compiled (`npm run bench` measures sluice as it ships, without tsx's loader and its ~30 MB),
 * else the `.ts` through tsx.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function scriptArgs(callerUrl: string, name: string): string[] {
  const dir = dirname(fileURLToPath(callerUrl));
  return callerUrl.endsWith('.js') ? [join(dir, `${name}.js`)] : ['--import', 'tsx', join(dir, `${name}.ts`)];
}

/** The file of the benchmark module `name` beside `callerUrl`, compiled or not like the caller. */
export function scriptPath(callerUrl: string, name: string): string {
  return join(dirname(fileURLToPath(callerUrl)), `${name}${callerUrl.endsWith('.js') ? '.js' : '.ts'}`);
}
