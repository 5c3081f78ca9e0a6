#!/usr/bin/env node
/** The `sluice` executable: parses the command line, runs the command, exits with its code. */
import { runCli } from './program.js';

const { code, keepAlive } = await runCli(process.argv);
process.exitCode = code;
// A pipeline script may still have work scheduled (e.g. `main().catch(...)` without await): let it finish.
if (!keepAlive) process.exit(code);
