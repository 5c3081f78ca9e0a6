import assert from 'node:assert/strict';
import { fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUFFER_BYTES, FileWrites } from '../../src/storage/file-writes.js';

function filled(files: FileWrites, text: string): { buf: Buffer; len: number } {
  const buf = files.buffer();
  return { buf, len: buf.write(text, 0, 'latin1') };
}

test('buffers written on the thread pool land at their positions, and close waits for them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-fw-'));
  try {
    const files = new FileWrites();
    const fd = openSync(join(dir, 'a.csv'), 'w');
    const parts = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(i * 1000)}\n`);
    let at = 0;
    for (const p of parts) {
      const { buf, len } = filled(files, p);
      files.write(fd, buf, len, at);
      at += len;
    }
    files.close(fd);
    await files.drain();
    assert.equal(readFileSync(join(dir, 'a.csv'), 'latin1'), parts.join(''));
    assert.throws(() => fstatSync(fd), /EBADF/, 'the file is closed after its writes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('more than the in-flight limit is written synchronously, still complete and in place', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-fw-'));
  try {
    const files = new FileWrites();
    const fd = openSync(join(dir, 'b.csv'), 'w');
    const chunk = 'y'.repeat(BUFFER_BYTES - 1) + '\n';
    for (let i = 0; i < 20; i++) {
      const { buf, len } = filled(files, chunk);
      files.write(fd, buf, len, i * chunk.length);
    }
    files.close(fd);
    await files.drain();
    const out = readFileSync(join(dir, 'b.csv'), 'latin1');
    assert.equal(out.length, 20 * chunk.length);
    assert.equal(out, chunk.repeat(20));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed write (disk full) rejects drain and fails the next write, naming the cause', async () => {
  const files = new FileWrites();
  const fd = openSync('/dev/full', 'w');
  const { buf, len } = filled(files, 'a row\n');
  files.write(fd, buf, len, 0);
  files.close(fd);
  await assert.rejects(files.drain(), /ENOSPC/);
  const next = filled(files, 'another row\n');
  assert.throws(() => files.write(openSync('/dev/null', 'w'), next.buf, next.len, 0), /ENOSPC/);
});
