#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in runner (Node 20 has no --test globbing).
// Extra arguments narrow the set (and skip the type check): `npm test -- rest-api` runs files whose path contains "rest-api".
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
// A full run first type-checks src/, test/, bench/ and scripts/ (tsx runs tests without checking types).
if (!filters.length) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('type check failed (npx tsc -p tsconfig.test.json)');
    process.exit(tsc.status ?? 1);
  }
}
const files = walk('test').filter((f) => !filters.length || filters.some((x) => f.includes(x))).sort();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--import', 'tsx', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
