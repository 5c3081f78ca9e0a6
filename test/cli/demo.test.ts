import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseJson, Project, show } from './helpers.js';

describe('sluice demo', () => {
  const p = new Project();
  after(() => p.remove());

  it('loads the passwordless simulator into demo.duckdb and prints the report and a table summary', async () => {
    const started = Date.now();
    const r = await p.run(['demo']);
    assert.equal(r.code, 0, show(r));
    assert.ok(Date.now() - started < 30_000, 'quick');
    assert.ok(existsSync(join(p.dir, 'demo.duckdb')));
    assert.match(r.stdout, /Pipeline passwordless_demo load step completed in/);
    assert.match(r.stdout, /duckdb:\/demo\.duckdb/);
    assert.match(r.stdout, /Tables:\n\s+users\s+\d+ row\(s\)/);
    assert.match(r.stdout, /First 3 rows of users:/);
    assert.ok(r.stdout.split('\n').every((l) => l.length <= 120), 'narrow lines');
    assert.ok(!/sluicedemo:secret:[0-9a-f]{8}/.test(r.stdout + r.stderr), 'the simulator secret is masked');
  });

  it('runs again (fresh load) with --json, and its pipeline is then inspectable', async () => {
    const r = await p.run(['demo', 'passwordless', '--json']);
    assert.equal(r.code, 0, show(r));
    const j = parseJson(r);
    assert.equal(j.ok, true);
    assert.equal(j.demo.pipeline_name, 'passwordless_demo');
    const users = j.demo.tables.find((t: { name: string }) => t.name === 'users');
    assert.equal(users.rows, j.row_counts.users, 'a fresh load: no rows left over from the first run');
    const info = await p.run(['pipeline', 'passwordless_demo', 'info']);
    assert.equal(info.code, 0, show(info));
    const sync = await p.run(['pipeline', 'passwordless_demo', 'sync', '--json']);
    assert.equal(parseJson(sync).restored, true, 'finds demo.duckdb without being told');
  });

  it('--file: the pipeline commands find the file the demo loaded into, without being told', async () => {
    const r = await p.run(['demo', 'authsignal', '--file', 'data/auth.duckdb']);
    assert.equal(r.code, 0, show(r));
    assert.ok(existsSync(join(p.dir, 'data/auth.duckdb')));
    const info = await p.run(['pipeline', 'authsignal_demo', 'info']);
    assert.equal(info.code, 0, show(info));
    assert.match(info.stdout, new RegExp(`database_file: ${join(p.dir, 'data/auth.duckdb').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const sync = await p.run(['pipeline', 'authsignal_demo', 'sync', '--json']);
    assert.equal(sync.code, 0, show(sync));
    assert.equal(parseJson(sync).restored, true);
  });

  it('unknown api → exit 2 naming the available ones', async () => {
    const r = await p.run(['demo', 'pasword']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /no demo for 'pasword'; did you mean 'passwordless'\?/);
  });

  it('a --port in use → exit 2 with one message, no stack', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      const r = await p.run(['demo', '--port', String(port)]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, new RegExp(`--port: the simulator cannot listen on port ${port} \\(another program uses it\\)`));
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      busy.close();
    }
  });
});
