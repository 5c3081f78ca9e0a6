import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress } from '../../src/cli/progress/create-progress.js';
import { LogProgress } from '../../src/cli/progress/log-progress.js';
import { TtyProgress } from '../../src/cli/progress/tty-progress.js';
import { Secret } from '../../src/config/secret.js';
import { silentProgress } from '../../src/pipeline/progress.js';

class FakeStream {
  chunks: string[] = [];
  constructor(
    public isTTY = false,
    public columns?: number,
  ) {}
  write(s: string): boolean {
    this.chunks.push(s);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

describe('createProgress', () => {
  it('chooses by quiet and isTTY', () => {
    assert.equal(createProgress({ quiet: true, stream: new FakeStream(true) }), silentProgress);
    assert.ok(createProgress({ stream: new FakeStream(true) }) instanceof TtyProgress);
    assert.ok(createProgress({ stream: new FakeStream(false) }) instanceof LogProgress);
    assert.ok(createProgress({ stream: new FakeStream(true), isTTY: false }) instanceof LogProgress);
  });
});

describe('TtyProgress', () => {
  function run(env: NodeJS.ProcessEnv, color?: boolean, columns?: number) {
    const stream = new FakeStream(true, columns);
    const c = clock();
    const p = new TtyProgress({ stream, env, color, now: c.now, redrawIntervalMs: 0 });
    p.stepStarted('extract');
    c.advance(1000);
    p.pageExtracted('users', 100);
    c.advance(1000);
    p.pageExtracted('users', 100);
    p.pageExtracted('orders', 50);
    p.stepFinished('extract');
    p.stepStarted('normalize');
    c.advance(500);
    p.stepFinished('normalize');
    p.stepStarted('load');
    p.tableLoaded('users', 200);
    p.tableLoaded('orders', 50);
    c.advance(250);
    p.stepFinished('load');
    p.close();
    return stream;
  }

  it('redraws the live block in place and leaves final lines', () => {
    const out = run({ NO_COLOR: '1' }).text;
    assert.doesNotMatch(out, /\x1b\[\d+m/, 'NO_COLOR: no color codes');
    assert.match(out, /\x1b\[\d+A\r\x1b\[J/, 'cursor moves up to redraw');
    // The final frame of each step, after the last redraw:
    const frames = out.split(/\x1b\[\d+A\r\x1b\[J/);
    const finalExtract = frames.find((f) => f.startsWith('✓ extract'))!;
    assert.equal(
      finalExtract.split('\n').slice(0, 3).join('\n'),
      [
        '✓ extract   2.0s  2 resources, 3 pages, 250 records',
        '  users       2 pages       200 records      100/s    2.0s',
        '  orders       1 page        50 records       25/s    2.0s',
      ].join('\n'),
    );
    assert.match(out, /✓ normalize 0\.5s\n/);
    assert.match(out, /✓ load      0\.3s  2 tables, 250 rows\n  users         200 rows\n  orders         50 rows\n$/);
  });

  it('uses color on a terminal unless NO_COLOR', () => {
    assert.match(run({}).text, /\x1b\[32m✓\x1b\[0m/);
    assert.doesNotMatch(run({}, false).text, /\x1b\[32m/);
  });

  it('cuts lines to the terminal width', () => {
    const out = stripAnsi(run({ NO_COLOR: '1' }, undefined, 30).text);
    for (const line of out.split(/\n|\r/)) assert.ok(line.length <= 30, `too long: ${JSON.stringify(line)}`);
  });

  it('shows a failed step with its masked error', () => {
    const stream = new FakeStream(true);
    const p = new TtyProgress({ stream, color: false, redrawIntervalMs: 0, now: clock().now });
    const s = new Secret('tty-secret-xyz');
    p.stepStarted('load');
    p.stepFinished('load', new Error(`connect failed for postgresql://u:${s.reveal()}@h/db`));
    p.close();
    assert.match(stream.text, /✗ load      0\.0s  0 tables, 0 rows\n  error: connect failed for postgresql:\/\/u:\*\*\*@h\/db\n$/);
    assert.doesNotMatch(stream.text, /tty-secret-xyz/);
  });
});

describe('LogProgress', () => {
  it('writes start/done lines, periodic status lines and a summary', () => {
    const stream = new FakeStream(false);
    const c = clock();
    const p = new LogProgress({ stream, intervalMs: 2000, now: c.now });
    p.stepStarted('extract');
    c.advance(1000);
    p.pageExtracted('users', 100); // 1 s since start: no status line yet
    c.advance(1500);
    p.pageExtracted('users', 100); // 2.5 s: status line
    p.pageExtracted('orders', 50); // right after: none
    c.advance(500);
    p.stepFinished('extract');
    p.stepStarted('load');
    p.tableLoaded('users', 200);
    c.advance(1000);
    p.stepFinished('load', new Error('disk full'));
    p.close();
    p.close(); // idempotent
    assert.equal(
      stream.text,
      [
        'extract: started',
        'extract: 2.5s elapsed, 1 resource, 2 pages, 200 records (80 records/s) — users 200',
        'extract: done in 3.0s, 2 resources, 3 pages, 250 records (83 records/s)',
        'load: started',
        'load: failed after 1.0s: disk full',
        'summary: extract 3.0s, load 1.0s (failed)',
        '  extract: 2 resources, 3 pages, 250 records (83 records/s)',
        '    users: 2 pages, 200 records',
        '    orders: 1 page, 50 records',
        '  load: 1 table, 200 rows',
        '    users: 200 rows',
        '',
      ].join('\n'),
    );
  });

  it('leaves the rate out of a step shorter than half a second', () => {
    const stream = new FakeStream(false);
    const c = clock();
    const p = new LogProgress({ stream, intervalMs: 0, now: c.now });
    p.stepStarted('extract');
    p.pageExtracted('users', 60);
    c.advance(200);
    p.stepFinished('extract');
    p.close();
    assert.match(stream.text, /^extract: done in 0\.2s, 1 resource, 1 page, 60 records$/m);
    assert.match(stream.text, /^  extract: 1 resource, 1 page, 60 records$/m);
  });

  it('masks secrets in every line', () => {
    const stream = new FakeStream(false);
    const s = new Secret('log-secret-abc');
    const p = new LogProgress({ stream, intervalMs: 0, now: clock().now });
    p.stepStarted('extract');
    p.pageExtracted(`res_${s.reveal()}`, 1);
    p.stepFinished('extract', new Error(`401 for ?key=${s.reveal()}`));
    p.close();
    assert.doesNotMatch(stream.text, /log-secret-abc/);
    assert.match(stream.text, /extract: failed after 0\.0s: 401 for \?key=\*\*\*/);
  });

  it('writes nothing at close when nothing ran', () => {
    const stream = new FakeStream(false);
    new LogProgress({ stream }).close();
    assert.equal(stream.text, '');
  });
});
