import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseJson, Project, show } from './helpers.js';

describe('sluice CLI basics', () => {
  const p = new Project();
  after(() => p.remove());

  it('--help and --version exit 0', async () => {
    const h = await p.run(['--help']);
    assert.equal(h.code, 0, show(h));
    for (const c of ['init', 'run', 'demo', 'pipeline']) assert.match(h.stdout, new RegExp(`\\b${c}\\b`));
    const v = await p.run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
  });

  it('an unknown command or option is a usage error (exit 2) with one message', async () => {
    const r = await p.run(['bogus']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /unknown command 'bogus'/);
    const o = await p.run(['pipeline', '--list', '--bogus']);
    assert.equal(o.code, 2, show(o));
    const l = await p.run(['--log-level', 'LOUD', 'pipeline', '--list']);
    assert.equal(l.code, 2, show(l));
    assert.match(l.stderr, /expected one of DEBUG, INFO, WARNING/);
  });

  it('usage errors in --json mode still print a JSON document', async () => {
    const r = await p.run(['--json', 'pipeline', 'nope', 'info']);
    assert.equal(r.code, 2, show(r));
    const j = parseJson(r);
    assert.equal(j.ok, false);
    assert.match(j.error, /pipeline 'nope' not found/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --verbose');
  });

  it('pipeline --list on an empty pipelines dir', async () => {
    const r = await p.run(['pipeline', '--list', '--json']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(parseJson(r).pipelines, []);
    const t = await p.run(['pipeline', '-l']);
    assert.match(t.stdout, /No pipelines found/);
  });

  it('init --list-sources / --list-destinations (text and --json)', async () => {
    const s = await p.run(['init', '--list-sources', '--json']);
    assert.equal(s.code, 0, show(s));
    const names = parseJson(s).sources.map((x: { name: string }) => x.name);
    assert.ok(names.includes('rest_api'));
    const d = await p.run(['init', '--list-destinations']);
    assert.equal(d.code, 0, show(d));
    assert.match(d.stdout, /duckdb/);
  });

  it('init --list-sources puts every description in one column, also after the longest name', async () => {
    const s = await p.run(['init', '--list-sources']);
    assert.equal(s.code, 0, show(s));
    const rows = s.stdout.split('\n').filter((l) => /^  \S/.test(l));
    assert.ok(rows.some((l) => l.startsWith('  descope_management_users ')), s.stdout);
    const columns = new Set(rows.map((l) => /^  \S+ +/.exec(l)![0].length));
    assert.equal(columns.size, 1, s.stdout);
  });
});
