/**
 * The postgres destination's options from config, as dlt reads them: `replace_strategy` and
 * `create_indexes` from `[destination.postgres]` (or `[destination]`) and their env vars; options given
 * in code win.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgres } from '../../src/index.js';
import type { PostgresDestination } from '../../src/destinations/postgres/postgres-destination.js';
import { resolveDestination } from '../../src/pipeline/resolve-destination.js';
import { tempDir } from '../helpers.js';

const DSN = 'postgresql://loader@localhost:5432/db';

async function withEnv<T>(env: Record<string, string>, f: () => Promise<T> | T): Promise<T> {
  const saved = { ...process.env };
  try {
    process.env.SLUICE_PROJECT_DIR = tempDir();
    Object.assign(process.env, env);
    return await f();
  } finally {
    process.env = saved;
  }
}

test('replace_strategy and create_indexes come from [destination.postgres] / [destination] env vars', async () => {
  await withEnv({ DESTINATION__POSTGRES__CREATE_INDEXES: 'false', DESTINATION__REPLACE_STRATEGY: 'staging-optimized' }, async () => {
    const d = (await resolveDestination({ type: 'postgres', credentials: DSN }, 'p')) as PostgresDestination;
    assert.equal(d.createIndexes, false);
    assert.equal(d.capabilities.replaceStrategies[0], 'staging-optimized');
    const f = postgres({ credentials: DSN })('p');
    assert.equal(f.createIndexes, false);
    assert.equal(f.capabilities.replaceStrategies[0], 'staging-optimized');
    const given = postgres({ credentials: DSN, createIndexes: true, replaceStrategy: 'insert-from-staging' })('p');
    assert.equal(given.createIndexes, true);
    assert.equal(given.capabilities.replaceStrategies[0], 'insert-from-staging');
  });
  await withEnv({ DESTINATION__POSTGRES__REPLACE_STRATEGY: 'staging_optimized' }, async () => {
    await assert.rejects(resolveDestination({ type: 'postgres', credentials: DSN }, 'p'), /replace_strategy 'staging_optimized' is not one of/);
  });
  await withEnv({}, () => {
    const d = postgres({ credentials: DSN })('p');
    assert.equal(d.createIndexes, true);
    assert.equal(d.capabilities.replaceStrategies[0], 'truncate-and-insert');
  });
});
