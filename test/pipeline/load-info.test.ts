/** `String(loadInfo)` and durations, character for character as dlt prints them (dlt `LoadInfo.asstr(verbosity=1)`). */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { resource } from '../../src/index.js';
import { humanizeSeconds, LoadInfo } from '../../src/pipeline/load-info.js';
import { tempPipeline } from '../helpers.js';

const info = (packages: ConstructorParameters<typeof LoadInfo>[4], elapsed = 0.26) =>
  new LoadInfo('passwordless_pipeline', 'duckdb', 'duckdb:/passwordless.duckdb', 'passwordless_data', packages, elapsed, false);

describe('LoadInfo text', () => {
  test('a loaded package without failed jobs', () => {
    assert.equal(
      String(info([{ loadId: '1749667187.541553', state: 'LOADED', jobs: [{ jobId: 'users.a1b2c3d4e5.csv', table: 'users', rows: 2 }], rowCounts: { users: 2 } }])),
      [
        'Pipeline passwordless_pipeline load step completed in 0.26 seconds',
        '1 load package(s) were loaded to destination duckdb and into dataset passwordless_data',
        'The duckdb destination used duckdb:/passwordless.duckdb location to store data',
        'Load package 1749667187.541553 is LOADED and contains no failed jobs',
      ].join('\n'),
    );
  });

  test('failed jobs: one "\\n\\t[<job_id>]: <message>\\n" each, as dlt', () => {
    const text = String(
      info([
        {
          loadId: '1749667187.541553',
          state: 'LOADED',
          jobs: [
            { jobId: 'users.a1b2c3d4e5.csv', table: 'users', rows: 0, error: 'bad value' },
            { jobId: 'users__tags.f6e5d4c3b2.csv', table: 'users__tags', rows: 3 },
          ],
          rowCounts: {},
        },
        { loadId: '1749667188.000001', state: 'NORMALIZED', jobs: [], rowCounts: {} },
      ]),
    );
    assert.equal(
      text,
      'Pipeline passwordless_pipeline load step completed in 0.26 seconds\n' +
        '2 load package(s) were loaded to destination duckdb and into dataset passwordless_data\n' +
        'The duckdb destination used duckdb:/passwordless.duckdb location to store data\n' +
        'Load package 1749667187.541553 is LOADED and contains 1 FAILED job(s)!\n' +
        '\t[users.a1b2c3d4e5.csv]: bad value\n' +
        '\n' +
        'Load package 1749667188.000001 is NORMALIZED and NOT YET LOADED to the destination and contains no failed jobs',
    );
  });

  test('no package loaded: the duration is ---', () => {
    assert.equal(String(info([], 0.01)).split('\n')[0], 'Pipeline passwordless_pipeline load step completed in ---');
  });

  test('durations as humanize.precisedelta prints them', () => {
    assert.equal(humanizeSeconds(0.264), '0.26 seconds');
    assert.equal(humanizeSeconds(0), '0 seconds');
    assert.equal(humanizeSeconds(1), '1 second');
    assert.equal(humanizeSeconds(1.5), '1.50 seconds');
    assert.equal(humanizeSeconds(65.2), '1 minute and 5.20 seconds');
    assert.equal(humanizeSeconds(120), '2 minutes');
    assert.equal(humanizeSeconds(3600.5), '1 hour and 0.50 seconds');
    assert.equal(humanizeSeconds(3723.25), '1 hour, 2 minutes and 3.25 seconds');
  });

  test("a job the destination rejects is listed with dlt's job id (<table>.<file_id>.<format>)", async () => {
    const { p } = tempPipeline('failed_job_report', { raiseOnFailedJobs: false });
    await p.run(resource([{ id: 1 }], { name: 'ev' }));
    await p.extract(resource([{ id: 2 }, { id: 3 }], { name: 'ev' }));
    await p.normalize();
    const [pkg] = p.pendingPackages();
    const job = pkg!.jobs().find((j) => j.table === 'ev')!;
    writeFileSync(pkg!.jobPath(job), readFileSync(pkg!.jobPath(job), 'utf8').replace(/\n3,/, '\nnot-a-number,'));
    const lines = String(await p.load()).split('\n');
    assert.equal(lines[3], `Load package ${pkg!.loadId} is LOADED and contains 1 FAILED job(s)!`);
    assert.match(lines[4]!, new RegExp(`^\\t\\[ev\\.${job.file.split('.')[1]}\\.csv\\]: Conversion Error`));
    assert.equal(lines.at(-1), '');
  });
});
