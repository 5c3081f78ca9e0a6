/** filesystem: jsonl and csv files gzipped by default (dlt ≥ 1.15, `.jsonl.gz`), `disable_compression` turns it off. */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { filesystem, pipeline } from '../../src/index.js';
import type { FileFormat } from '../../src/destinations/filesystem/filesystem-formats.js';
import { tempDir } from '../helpers.js';

/** Runs `fn` with `env` set and `.dlt/config.toml` = `toml` in `dir` as the project, restoring the env after. */
async function withConfig(dir: string, toml: string, env: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  const saved = { ...process.env };
  mkdirSync(join(dir, '.dlt'), { recursive: true });
  writeFileSync(join(dir, '.dlt', 'config.toml'), toml);
  Object.assign(process.env, { SLUICE_PROJECT_DIR: dir, ...env });
  try {
    await fn();
  } finally {
    process.env = saved;
  }
}

const make = (dir: string, format?: FileFormat, disableCompression?: boolean) =>
  pipeline({ pipelineName: 'gz_p', destination: filesystem({ bucketUrl: join(dir, 'bucket'), format, disableCompression }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });

test('jsonl and csv files are gzipped as <load_id>.<file_id>.<ext>.gz; parquet and system files are not', async () => {
  for (const format of ['jsonl', 'csv', 'parquet'] as const) {
    const dir = tempDir();
    const p = make(dir, format);
    await p.run([{ id: 1, tags: ['a'] }], { table_name: 'users' });
    const [file] = readdirSync(join(dir, 'bucket', 'lake', 'users'));
    if (format === 'parquet') assert.match(file!, /\.parquet$/);
    else {
      assert.match(file!, new RegExp(`\\.${format}\\.gz$`));
      assert.match(gunzipSync(readFileSync(join(dir, 'bucket', 'lake', 'users', file!))).toString('utf8'), /"?id"?/);
    }
    assert.match(readdirSync(join(dir, 'bucket', 'lake', '_dlt_loads'))[0]!, /\.jsonl$/);
    assert.deepEqual(await p.dataset().query('SELECT id FROM users'), [{ id: 1 }], format);
    assert.equal(await p.dataset().table('users__tags').count(), 1, format);
  }
});

test('disableCompression writes plain files, and a table holding plain and gzipped files reads as one', async () => {
  for (const format of ['jsonl', 'csv'] as const) {
    const dir = tempDir();
    await make(dir, format, true).run([{ id: 1 }], { table_name: 'users' });
    const plain = readdirSync(join(dir, 'bucket', 'lake', 'users'));
    assert.ok(plain.every((f) => f.endsWith(`.${format}`)), plain.join());
    assert.match(readFileSync(join(dir, 'bucket', 'lake', 'users', plain[0]!), 'utf8'), /id/);
    // An earlier load's plain files stay readable next to the gzipped files of a new one.
    const p = make(dir, format);
    await p.run([{ id: 2, name: 'b' }], { table_name: 'users' });
    const all = readdirSync(join(dir, 'bucket', 'lake', 'users')).sort();
    assert.deepEqual(all.map((f) => f.endsWith('.gz')).sort(), [false, true], all.join());
    assert.deepEqual(await p.dataset().query('SELECT id, name FROM users ORDER BY id'), [
      { id: 1, name: null },
      { id: 2, name: 'b' },
    ]);
  }
});

test('[normalize.data_writer] disable_compression, then [data_writer], decide when the code does not', async () => {
  for (const [toml, env, gz] of [
    ['[normalize.data_writer]\ndisable_compression = true\n', {}, false],
    ['[data_writer]\ndisable_compression = true\n', {}, false],
    ['[normalize.data_writer]\ndisable_compression = false\n[data_writer]\ndisable_compression = true\n', {}, true],
    ['', { NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION: 'true' }, false],
    ['', {}, true],
  ] as const) {
    const dir = tempDir();
    await withConfig(dir, toml, env, async () => {
      await make(dir).run([{ id: 1 }], { table_name: 'users' });
      const [file] = readdirSync(join(dir, 'bucket', 'lake', 'users'));
      assert.equal(file!.endsWith('.jsonl.gz'), gz, `${toml} ${JSON.stringify(env)}: ${file}`);
    });
  }
  const dir = tempDir();
  await withConfig(dir, '[normalize.data_writer]\ndisable_compression = true\n', {}, async () => {
    await make(dir, 'jsonl', false).run([{ id: 1 }], { table_name: 'users' });
    assert.match(readdirSync(join(dir, 'bucket', 'lake', 'users'))[0]!, /\.jsonl\.gz$/);
  });
});

test('a destination object takes disable_compression as a boolean or its config spelling; anything else fails', async () => {
  const dir = tempDir();
  const p = (v: unknown) =>
    pipeline({ pipelineName: 'gz_o', destination: { type: 'filesystem', bucket_url: join(dir, 'bucket'), disable_compression: v } as never, datasetName: 'lake', pipelinesDir: join(dir, 'p') });
  await p('true').run([{ id: 1 }], { table_name: 'users' });
  assert.deepEqual(readdirSync(join(dir, 'bucket', 'lake', 'users')).filter((f) => f.endsWith('.gz')), [], "'true' turns compression off");
  await assert.rejects(p('yes please').run([{ id: 2 }], { table_name: 'users' }), /disable_compression: expected a boolean/);
});
