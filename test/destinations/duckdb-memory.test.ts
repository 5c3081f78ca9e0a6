import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource } from '../../src/index.js';
import { getLogLevel, setLogLevel, setLogSink } from '../../src/common/log.js';
import { tempDir } from '../helpers.js';

test('a package wider than DuckDB memory_limit still loads: the limit is raised and the package retried', async () => {
  const dir = tempDir();
  const p = pipeline({
    pipelineName: 'wide',
    destination: { type: 'duckdb', path: join(dir, 'wide.duckdb'), memoryLimit: '4MB' },
    datasetName: 'wide_data',
    pipelinesDir: join(dir, 'pipelines'),
  });
  // 30 child tables of 30 columns each: DuckDB needs a buffer block per column being written.
  const records = Array.from({ length: 50 }, (_, i) =>
    Object.fromEntries(Array.from({ length: 30 }, (_, t) => [`list${t}`, [Object.fromEntries(Array.from({ length: 30 }, (_, c) => [`c${c}`, `${i}-${t}-${c}`]))]])),
  );
  const logs: string[] = [];
  const prev = setLogSink((level, msg) => logs.push(`${level} ${msg}`));
  const prevLevel = getLogLevel();
  setLogLevel('info');
  try {
    const info = await p.run(resource(records, { name: 'wide' }));
    assert.equal(info.hasFailedJobs, false);
  } finally {
    setLogSink(prev);
    setLogLevel(prevLevel);
  }
  assert.ok(logs.some((l) => /out of memory while loading; memory_limit raised to \d+ MiB, retrying the package/.test(l)), logs.join('\n'));
  const counts = await p.dataset().rowCounts();
  assert.equal(counts.wide__list29, 50);
  assert.equal(Object.keys(counts).length, 31);
});
