import assert from 'node:assert/strict';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MockApi, makeRecords } from '../../src/testing/index.js';
import { parseJson, Project, show, startCli } from './helpers.js';

describe('sluice pipeline <name> <operation>', () => {
  const api = new MockApi({
    routes: [
      { path: '/users', collection: 'users', dataKey: null },
      { path: '/teams', collection: 'teams', dataKey: null },
    ],
    collections: {
      users: makeRecords(5, (i) => ({ id: i, name: `u${i}`, roles: [{ role: 'admin', scopes: ['a', 'b'] }] })),
      teams: makeRecords(2),
    },
  });
  const p = new Project();
  const pl = (...args: string[]) => p.run(['pipeline', 'ops', ...args]);

  before(async () => {
    const url = await api.start();
    p.write(
      'ops.yaml',
      `pipeline_name: ops
destination: duckdb
dataset_name: ops_data
source:
  client: { base_url: "${url}" }
  resources:
    - { name: users, primary_key: id, write_disposition: merge, endpoint: { path: users } }
    - { name: teams, endpoint: { path: teams } }
`,
    );
    const r = await p.run(['run', 'ops.yaml']);
    assert.equal(r.code, 0, show(r));
  });
  after(async () => {
    await api.close();
    p.remove();
  });

  it('--list and -l', async () => {
    const r = await p.run(['pipeline', '--list', '--json']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(parseJson(r).pipelines.map((x: { name: string }) => x.name), ['ops']);
    assert.match((await p.run(['pipeline', '-l'])).stdout, /1 pipeline\(s\) found[\s\S]*\nops\n/);
  });

  it('info (default operation) in text and JSON', async () => {
    const t = await pl();
    assert.equal(t.code, 0, show(t));
    assert.match(t.stdout, /Found pipeline ops/);
    assert.match(t.stdout, /users → users \(\+ users__roles, users__roles__scopes\)\s+\[merge\]/);
    const j = parseJson(await pl('info', '--json'));
    assert.equal(j.dataset_name, 'ops_data');
    assert.equal(j.destination_type, 'duckdb');
    assert.equal(j.loaded_packages.length, 1);
    assert.deepEqual(j.pending_packages, []);
  });

  it('trace', async () => {
    const t = await pl('trace');
    assert.equal(t.code, 0, show(t));
    assert.match(t.stdout, /Run started at .* and COMPLETED in .* with 3 steps\./);
    assert.match(t.stdout, /Step load COMPLETED/);
    const j = parseJson(await pl('trace', '--json'));
    assert.deepEqual(j.steps.map((s: { step: string }) => s.step), ['extract', 'normalize', 'load']);
  });

  it('load-package [load_id] and failed-jobs', async () => {
    const j = parseJson(await pl('load-package', '--json'));
    assert.equal(j.state, 'loaded');
    assert.ok(j.jobs.some((x: { table: string }) => x.table === 'users'));
    const byId = await pl('load-package', j.load_id);
    assert.equal(byId.code, 0, show(byId));
    assert.match(byId.stdout, new RegExp(`Package ${j.load_id.replace('.', '\\.')} found in load/loaded and is LOADED`));
    const missing = await pl('load-package', '123.456');
    assert.equal(missing.code, 2, show(missing));
    const f = await pl('failed-jobs', '--json');
    assert.deepEqual(parseJson(f).failed_jobs, []);
  });

  it('info and load-package list a package extract() left (not normalized yet) as pending', async () => {
    const { pipeline, resource } = await import('../../src/index.js');
    const { rmSync } = await import('node:fs');
    const ext = pipeline({ pipelineName: 'ext_only', destination: { type: 'duckdb', path: join(p.dir, 'ext_only.duckdb') }, pipelinesDir: p.pipelinesDir });
    const loadId = await ext.extract(resource([{ id: 1 }, { id: 2 }], { name: 'things' }));
    try {
      const info = await p.run(['pipeline', 'ext_only', 'info']);
      assert.equal(info.code, 0, show(info));
      assert.match(info.stdout, new RegExp(`1 pending load package\\(s\\) \\(1 extracted, not normalized yet\\): ${loadId.replace('.', '\\.')}`));
      assert.deepEqual(parseJson(await p.run(['pipeline', 'ext_only', 'info', '--json'])).pending_packages, [loadId]);
      const pkg = await p.run(['pipeline', 'ext_only', 'load-package', loadId]);
      assert.equal(pkg.code, 0, show(pkg));
      assert.match(pkg.stdout, /found in normalize\/extracted and is EXTRACTED \(pending/);
      assert.match(pkg.stdout, /extracted +things\.\w+\.pages/);
    } finally {
      rmSync(join(p.pipelinesDir, 'ext_only'), { recursive: true, force: true });
    }
  });

  it('info lists aborted packages and failed-jobs shows where the rejected file is (as dlt)', async () => {
    const { cpSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs');
    const wd = join(p.pipelinesDir, 'ops');
    const loaded = readdirSync(join(wd, 'load', 'loaded'))[0]!;
    const pkg = join(wd, 'load', 'aborted', '9999999999.000003');
    cpSync(join(wd, 'load', 'loaded', loaded), pkg, { recursive: true });
    try {
      const job = readdirSync(join(pkg, 'completed_jobs')).find((f) => f.startsWith('teams.'))!;
      mkdirSync(join(pkg, 'failed_jobs'), { recursive: true });
      renameSync(join(pkg, 'completed_jobs', job), join(pkg, 'failed_jobs', job));
      writeFileSync(join(pkg, 'failed_jobs', job + '.exception'), 'Conversion Error: could not convert "x" to BIGINT');
      const info = await pl('info');
      assert.match(info.stdout, /1 aborted load package\(s\) with failed jobs: 9999999999\.000003 — see sluice pipeline ops failed-jobs/);
      assert.deepEqual(parseJson(await pl('info', '--json')).aborted_packages, ['9999999999.000003']);
      const failed = await pl('failed-jobs');
      assert.equal(failed.code, 0, show(failed));
      assert.ok(failed.stdout.includes(`file: ${join(pkg, 'failed_jobs', job)}`), failed.stdout);
      assert.equal(parseJson(await pl('failed-jobs', '--json')).failed_jobs[0].path, join(pkg, 'failed_jobs', job));
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });

  it('schema as yaml, json and mermaid', async () => {
    const y = await pl('schema');
    assert.equal(y.code, 0, show(y));
    assert.match(y.stdout, /users__roles:/);
    const m = await pl('schema', '--format', 'mermaid');
    assert.match(m.stdout, /^erDiagram/);
    assert.match(m.stdout, /users \{\n\s+bigint id PK/);
    assert.match(m.stdout, /users \|\|--o\{ users__roles : "_dlt_parent_id"/);
    assert.match(m.stdout, /users__roles \|\|--o\{ users__roles__scopes/);
    const j = parseJson(await pl('schema', '--json'));
    assert.ok(j.tables.users);
    const bad = await pl('schema', '--format', 'dot');
    assert.equal(bad.code, 2, show(bad));
  });

  it('schema --remove-defaults leaves out names and default hints (as dlt), in yaml and json', async () => {
    const full = parseJson(await pl('schema', '--json'));
    assert.equal(full.tables.users.columns.name.nullable, true);
    const y = await pl('schema', '--remove-defaults');
    assert.equal(y.code, 0, show(y));
    assert.match(y.stdout, /\n {6}id:\n {8}primary_key: true\n {8}nullable: false\n {8}data_type: bigint\n/);
    const j = parseJson(await pl('schema', '--format', 'json', '--remove-defaults', '--json'));
    assert.deepEqual(j.tables.users.columns.name, { data_type: 'text' });
    assert.equal(j.tables.users.name, undefined);
    assert.equal(j.tables.users.resource, undefined, 'resource equal to the table name is a default');
    assert.equal(j.tables.users.columns.id.nullable, false, 'nullable: false is not a default');
    const text = await pl('schema', '--format', 'json', '--remove-defaults');
    assert.deepEqual(JSON.parse(text.stdout), j);
  });

  it('drop selects resources by re:<regex> and --drop-all (as dlt); a selection of nothing → exit 2', async () => {
    const re = await pl('drop', 're:^us');
    assert.equal(re.code, 2, show(re));
    assert.match(re.stderr, /drop would drop table\(s\) users, users__roles, users__roles__scopes .*reset the state of users;/);
    const all = await pl('drop', '--drop-all');
    assert.match(all.stderr, /drop would drop table\(s\) (users, users__roles, users__roles__scopes, teams|teams, users, users__roles, users__roles__scopes) .*reset the state of teams, users;/);
    const both = await pl('drop', 're:s$', '--schema', 'rest_api');
    assert.match(both.stderr, /reset the state of teams, users;/);
    const none = await pl('drop', 're:^zz', '--yes');
    assert.equal(none.code, 2, show(none));
    assert.match(none.stderr, /'re:\^zz' matches no resource \(known: teams, users\)/);
    const badSchema = await pl('drop', '--drop-all', '--schema', 'rest', '--yes');
    assert.equal(badSchema.code, 2, show(badSchema));
    assert.match(badSchema.stderr, /schema 'rest' not found .*did you mean 'rest_api'/);
    const info = parseJson(await pl('info', '--json'));
    assert.deepEqual(info.schemas[0].tables.filter((t: { parent?: string }) => !t.parent).map((t: { name: string }) => t.name).sort(), ['teams', 'users'], 'nothing dropped');
  });

  it('unknown pipeline → exit 2, a suggestion only for a plausible typo', async () => {
    const far = await p.run(['pipeline', 'nope', 'info']);
    assert.equal(far.code, 2, show(far));
    assert.match(far.stderr, /pipeline 'nope' not found in .* \(pipelines there: ops\)/);
    assert.doesNotMatch(far.stderr, /did you mean/);
    assert.match((await p.run(['pipeline', 'opz', 'info'])).stderr, /did you mean 'ops'\?/);
  });

  it('unknown operation → exit 2 with a suggestion', async () => {
    const r = await pl('infos');
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /did you mean 'info'/);
  });

  it('drop <resource> drops its tables and state; unknown resource → exit 2', async () => {
    const bad = await pl('drop', 'userz');
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /did you mean 'users'/);
    const refused = await pl('drop', 'teams');
    assert.equal(refused.code, 2, show(refused));
    assert.match(refused.stderr, /drop would drop table\(s\) teams .*pass --yes to confirm/);
    const before = parseJson(await pl('info', '--json'));
    assert.ok(before.schemas[0].tables.some((t: { name: string }) => t.name === 'teams'), 'nothing dropped without --yes');
    const r = await pl('drop', 'teams', '--yes', '--json');
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(parseJson(r).dropped_tables, ['teams']);
    const info = parseJson(await pl('info', '--json'));
    assert.deepEqual(info.schemas[0].tables.filter((t: { parent?: string }) => !t.parent).map((t: { name: string }) => t.name), ['users']);
  });

  it('sync restores state and schemas from the destination', async () => {
    const r = await pl('sync', '--json');
    assert.equal(r.code, 0, show(r));
    const j = parseJson(r);
    assert.equal(j.restored, true);
    assert.deepEqual(j.schema_names, ['rest_api']);
  });

  it('drop-pending-packages removes unloaded packages', async () => {
    // make a pending package: the API is gone, so only extract... instead, copy a loaded package back
    const wd = join(p.pipelinesDir, 'ops');
    const none = parseJson(await pl('drop-pending-packages', '--json'));
    assert.deepEqual(none.dropped_packages, []);
    const { cpSync } = await import('node:fs');
    const loaded = readdirSync(join(wd, 'load', 'loaded'))[0]!;
    cpSync(join(wd, 'load', 'loaded', loaded), join(wd, 'load', 'normalized', '9999999999.000001'), { recursive: true });
    assert.match((await pl('info')).stdout, /1 pending load package\(s\): 9999999999\.000001/);
    const refused = await pl('drop-pending-packages');
    assert.equal(refused.code, 2, show(refused));
    assert.match(refused.stderr, /pass --yes to confirm/);
    assert.ok(existsSync(join(wd, 'load', 'normalized', '9999999999.000001')), 'nothing dropped without --yes');
    const r = await pl('drop-pending-packages', '-y');
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /Dropped 1 pending load package/);
    assert.ok(!existsSync(join(wd, 'load', 'normalized', '9999999999.000001')));
  });

  it('sync with pending packages asks first (refuses without a terminal) and drops them with --yes', async () => {
    const wd = join(p.pipelinesDir, 'ops');
    const { cpSync } = await import('node:fs');
    const loaded = readdirSync(join(wd, 'load', 'loaded'))[0]!;
    cpSync(join(wd, 'load', 'loaded', loaded), join(wd, 'load', 'normalized', '9999999999.000002'), { recursive: true });
    const refused = await pl('sync');
    assert.equal(refused.code, 2, show(refused));
    assert.match(refused.stderr, /sync would delete 1 pending load package\(s\) \(9999999999\.000002\).*pass --yes to confirm/);
    assert.ok(existsSync(join(wd, 'load', 'normalized', '9999999999.000002')), 'nothing changed without --yes');
    const r = await pl('sync', '--yes', '--json');
    assert.equal(r.code, 0, show(r));
    assert.equal(parseJson(r).restored, true);
    assert.ok(!existsSync(join(wd, 'load', 'normalized', '9999999999.000002')));
  });

  it('sync restores a pipeline whose working dir is gone from --destination and --dataset-name (as dlt)', async () => {
    const { rmSync } = await import('node:fs');
    const wd = join(p.pipelinesDir, 'ops');
    renameSync(wd, wd + '.gone');
    try {
      const bare = await pl('sync');
      assert.equal(bare.code, 2, show(bare));
      assert.match(bare.stderr, /pipeline 'ops' not found.*pass --destination <type> and --dataset-name <dataset>/);
      const creds = ['--destination', 'duckdb', '--credentials', join(p.dir, 'ops.duckdb')];
      const wrong = await pl('sync', ...creds, '--dataset-name', 'other_data');
      assert.equal(wrong.code, 1, show(wrong));
      assert.match(wrong.stderr, /pipeline ops was not found in dataset other_data of destination duckdb/);
      assert.ok(!existsSync(wd), 'no working dir is left behind');
      const r = await pl('sync', ...creds, '--dataset-name', 'ops_data', '--json');
      assert.equal(r.code, 0, show(r));
      assert.deepEqual(parseJson(r).schema_names, ['rest_api']);
      const info = parseJson(await pl('info', '--json'));
      assert.equal(info.dataset_name, 'ops_data');
      assert.ok(info.schemas[0].tables.some((t: { name: string }) => t.name === 'users'));
    } finally {
      rmSync(wd, { recursive: true, force: true });
      renameSync(wd + '.gone', wd);
    }
  });

  it('show serves the dashboard until interrupted; a bad --port is a usage error', async () => {
    const r = await pl('show', '--no-open', '--port', 'abc');
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--port/);
    const { child, match, exited } = await startCli(p, ['pipeline', 'ops', 'show', '--no-open'], /(http:\/\/127\.0\.0\.1:\d+\/?)/);
    try {
      const res = await fetch(match[1]!);
      assert.equal(res.status, 200);
      await res.text();
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
  });

  it('show without the DuckDB file says where it looked and names --credentials; with it the dashboard starts', async () => {
    renameSync(join(p.dir, 'ops.duckdb'), join(p.dir, 'moved.duckdb'));
    try {
      const r = await pl('show', '--no-open');
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /no DuckDB file of pipeline 'ops' found \(looked for .*ops\.duckdb, the file of its last load, then ops\.duckdb in .*\); pass --credentials <path\/to\/file\.duckdb>/);
      const { child, match, exited } = await startCli(p, ['pipeline', 'ops', 'show', '--no-open', '--credentials', 'moved.duckdb'], /(http:\/\/127\.0\.0\.1:\d+\/?)/);
      try {
        const res = await fetch(match[1]!);
        assert.equal(res.status, 200);
        await res.text();
      } finally {
        child.kill('SIGINT');
      }
      assert.equal(await exited, 0);
    } finally {
      renameSync(join(p.dir, 'moved.duckdb'), join(p.dir, 'ops.duckdb'));
    }
  });
});

describe('sluice pipeline <name> drop --state-paths / --state-only / without a working dir (as dlt)', () => {
  const api = new MockApi({
    routes: [
      { path: '/events', collection: 'events', dataKey: null },
      { path: '/teams', collection: 'teams', dataKey: null },
      { path: '/empty', collection: 'empty', dataKey: null },
    ],
    collections: { events: makeRecords(3), teams: makeRecords(2), empty: [] },
  });
  const p = new Project();
  const pl = (...args: string[]) => p.run(['pipeline', 'inc', ...args]);
  const run = async () => {
    const r = await p.run(['run', 'inc.yaml', '--json']);
    assert.equal(r.code, 0, show(r));
    return parseJson(r).row_counts as Record<string, number>;
  };
  const tables = async () => parseJson(await pl('info', '--json')).schemas[0].tables.map((t: { name: string }) => t.name);

  before(async () => {
    const url = await api.start();
    p.write(
      'inc.yaml',
      `pipeline_name: inc
destination: duckdb
dataset_name: inc_data
source:
  client: { base_url: "${url}" }
  resource_defaults: { endpoint: { incremental: { cursor_path: id, initial_value: 0 } } }
  resources:
    - { name: events, endpoint: { path: events } }
    - { name: teams, endpoint: { path: teams } }
    - { name: empty, endpoint: { path: empty } }
`,
    );
    assert.deepEqual(await run(), { events: 3, teams: 2 });
    assert.deepEqual(await run(), {}, 'the cursors hold: nothing new');
  });
  after(async () => {
    await api.close();
    p.remove();
  });

  it('--state-only resets the resource state and keeps its tables: the next run extracts it again', async () => {
    const refused = await pl('drop', 'events', '--state-only');
    assert.equal(refused.code, 2, show(refused));
    assert.match(refused.stderr, /drop would reset the state of events; pass --yes/);
    assert.doesNotMatch(refused.stderr, /drop table/);
    const r = await pl('drop', 'events', '--state-only', '--yes', '--json');
    assert.equal(r.code, 0, show(r));
    const j = parseJson(r);
    assert.deepEqual(j.dropped_tables, []);
    assert.deepEqual(j.reset_resource_states, ['events']);
    assert.ok((await tables()).includes('events'), 'the table stays');
    assert.deepEqual(await run(), { events: 3 }, 'events extracted from scratch, teams continues from its cursor');
    const again = await pl('drop', 'events', '--state-only', '--drop-all', '--schema', 'rest_api', '--yes', '--json');
    assert.equal(again.code, 0, show(again));
    assert.deepEqual(parseJson(again).dropped_tables, [], '--drop-all with --state-only drops no table either');
    assert.deepEqual(await run(), { events: 3, teams: 2 });
  });

  it('--state-paths with an invalid JSONPath fails with one message before anything is dropped', async () => {
    const r = await pl('drop', '--state-paths', 'resources.teams[', '--yes');
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /drop --state-paths: "resources\.teams\[" is not a valid JSONPath: unclosed '\['/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('--state-paths deletes JSONPaths of the source state; without resources no table is dropped', async () => {
    const none = await pl('drop', '--state-paths', 'resources.nope', '--yes');
    assert.equal(none.code, 2, show(none));
    assert.match(none.stderr, /nothing to drop .*--state-paths resources\.nope match nothing in the source state/);
    const r = await pl('drop', '--state-paths', 'resources.teams.incremental', '--yes', '--json');
    assert.equal(r.code, 0, show(r));
    const j = parseJson(r);
    assert.deepEqual(j.dropped_state_paths, ['rest_api.resources.teams.incremental']);
    assert.deepEqual(j.dropped_tables, []);
    assert.ok((await tables()).includes('teams'));
    assert.deepEqual(await run(), { teams: 2 }, 'teams extracted from scratch, events continues');
  });

  it('a resource with state but no table yet (no rows so far) can be dropped: its state is reset', async () => {
    const r = await pl('drop', 'empty', '--yes', '--json');
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(parseJson(r).dropped_tables, []);
    assert.deepEqual(parseJson(r).reset_resource_states, ['empty']);
  });

  it('drop of a pipeline without a working dir restores it from --destination and --dataset-name first', async () => {
    const { rmSync } = await import('node:fs');
    const wd = join(p.pipelinesDir, 'inc');
    rmSync(wd, { recursive: true, force: true });
    const bare = await pl('drop', 'teams', '--yes');
    assert.equal(bare.code, 2, show(bare));
    assert.match(bare.stderr, /pipeline 'inc' not found.*pass --destination <type> and --dataset-name <dataset>/);
    const creds = ['--destination', 'duckdb', '--credentials', join(p.dir, 'inc.duckdb'), '--dataset-name', 'inc_data'];
    const r = await pl('drop', 'teams', ...creds, '--yes', '--json');
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(parseJson(r).dropped_tables, ['teams']);
    const left = await tables();
    assert.ok(left.includes('events') && !left.includes('teams'), left.join(', '));
    renameSync(wd, wd + '.gone'); // a second machine: the drop reached the destination's state too
    try {
      assert.deepEqual(await run(), { teams: 2 }, 'teams loaded from scratch, events continues from the restored cursor');
    } finally {
      rmSync(wd + '.gone', { recursive: true, force: true });
    }
  });
});
