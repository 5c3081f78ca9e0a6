/** Shared test helpers: temp dirs and pipelines that clean up after themselves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { pipeline, type PipelineOptions } from '../src/index.js';
import type { ResourceHints } from '../src/extract/resource.js';
import { RelationalNormalizer, rowObject, type Row } from '../src/normalize/relational.js';
import { SnakeCaseNaming } from '../src/schema/naming.js';
import { Schema } from '../src/schema/schema.js';

/** A fresh temp directory removed after the test file. */
export function tempDir(prefix = 'sluice-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A DuckDB pipeline whose working dir and database live in a temp dir. */
export function tempPipeline(name = 'test_pipeline', extra: Partial<PipelineOptions> = {}) {
  const dir = tempDir();
  const p = pipeline({
    pipelineName: name,
    destination: { type: 'duckdb', path: join(dir, `${name}.duckdb`) },
    datasetName: `${name}_data`,
    pipelinesDir: join(dir, 'pipelines'),
    ...extra,
  });
  return { p, dir, dbPath: join(dir, `${name}.duckdb`) };
}

/**
 * Normalizes `pages` as resource `items` (plus `hints`) into memory: the rows per table as objects,
 * the schema they evolved, and the normalizer.
 */
export function normalizeInMemory(pages: unknown[][], hints: Partial<ResourceHints> = {}, schema = new Schema('s')) {
  const rows: Record<string, Row[]> = {};
  const norm = new RelationalNormalizer(schema, new SnakeCaseNaming(), '1700000000.000001', {
    addRow: (t, values, columns) => (rows[t] ??= []).push(rowObject(values, columns)),
  });
  for (const p of pages) norm.normalizePage({ name: 'items', ...hints }, p);
  return { rows, schema, norm };
}
