#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in runner (Node 20 has no --test globbing).
// Extra arguments narrow the set: `npm test -- rest-api` runs files whose path contains "rest-api".
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
const filters = process.argv.slice(2);
const files = walk('test').filter((f) => !filters.length || filters.some((x) => f.includes(x))).sort();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--import', 'tsx', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
