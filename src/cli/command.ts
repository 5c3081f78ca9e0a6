/** The glue between commander and command handlers: context creation, log level, error handling. */
import type { Command } from 'commander';
import { setLogLevel } from '../common/log.js';
import { resolveRuntimeConfig } from '../config/runtime-config.js';
import { CliContext, type GlobalOptions } from './context.js';

/** Set by handlers that leave user code running (a pipeline script): the process must not be force-exited. */
export const runState = { keepAlive: false };

/**
 * Wraps a handler as a commander action: the handler gets the context, its positional arguments and
 * its own options. Errors propagate to `runCli`, which reports them once.
 */
export function action<A extends unknown[], O>(handler: (ctx: CliContext, args: A, options: O) => Promise<void> | void) {
  return async (...raw: unknown[]): Promise<void> => {
    const cmd = raw[raw.length - 1] as Command;
    const options = raw[raw.length - 2] as O;
    const args = raw.slice(0, -2) as A;
    const globals = cmd.optsWithGlobals() as GlobalOptions;
    if (globals.logLevel) setLogLevel(globals.logLevel);
    else if (!process.env.RUNTIME__LOG_LEVEL) {
      try {
        setLogLevel(resolveRuntimeConfig().log_level); // [runtime] log_level in .dlt/config.toml
      } catch {
        // an unreadable config file is reported by the command that needs it
      }
    }
    await handler(new CliContext(globals), args, options);
  };
}
