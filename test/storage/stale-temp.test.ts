import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkingDir } from '../../src/storage/layout.js';
import { removeStaleTempPackages, tempPackageName } from '../../src/storage/stale-temp.js';
import { tempDir } from '../helpers.js';

/** A pid that ran and has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(r.stdout));
}

test('stale temp packages: only folders of this host and pid namespace whose process is gone are removed', () => {
  const wd = new WorkingDir(tempDir());
  const dead = deadPid();
  const mine = tempPackageName('1796190000.1', 'aa11').replace(`.${process.pid}.`, `.${dead}.`);
  const live = tempPackageName('1796190000.2', 'bb22');
  // Another machine or container sharing the working dir: same pid, another owner tag.
  const foreign = mine.replace(/\.([0-9a-f]{8})\.aa11$/, (_m, tag: string) => `.${tag === 'ffffffff' ? '00000000' : 'ffffffff'}.aa11`);
  const older = '1796190000.3.cc33'; // a name from before owner tags: left alone
  for (const n of [mine, live, foreign, older]) mkdirSync(join(wd.tmpDir, n, 'new_jobs'), { recursive: true });
  assert.equal(removeStaleTempPackages(wd), 1);
  assert.deepEqual(readdirSync(wd.tmpDir).sort(), [foreign, live, older].sort());
});
