// Files that try to hurt: a 1 GB line (sparse file; it must be refused after reading ~16 MB,
// not read into memory), a quoted field spanning 20 MB of lines, binary junk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, ftruncateSync, writeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importFile, previewFile } from '../../../main/ingest/index.ts';
import { newProject, rejectsInput, snapshot, tmpDir } from './helpers.ts';

const tmp = tmpDir('hostile');

/** Bytes this process has read through read(2) so far (Linux), or null elsewhere. */
function bytesReadSoFar(): number | null {
  try {
    const m = /rchar:\s*(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function makeHugeLineFile(path: string, text: number, total: number): void {
  const fd = openSync(path, 'w');
  writeSync(fd, 'id,payload\n1,');
  const block = Buffer.alloc(1024 * 1024, 'x');
  for (let written = 0; written < text; written += block.length) writeSync(fd, block);
  ftruncateSync(fd, total); // the rest is a hole: 1 GB on paper, 40 MB on disk
  closeSync(fd);
}

test('a 1 GB line is refused after reading a few tens of MB, in bounded memory', async () => {
  const path = join(tmp, 'huge-line.csv');
  makeHugeLineFile(path, 40 * 1024 * 1024, 1024 * 1024 * 1024);
  try {
    const db = newProject();
    const before = snapshot(db);
    const rss0 = process.memoryUsage().rss;
    const read0 = bytesReadSoFar();
    const t0 = performance.now();
    await rejectsInput(
      importFile(db, path, { name: 'huge' }),
      'huge-line.csv, row 2: a field longer than 16 MB; is this really a CSV file?',
    );
    const read1 = bytesReadSoFar();
    if (read0 !== null && read1 !== null)
      assert.ok(read1 - read0 < 48 * 1024 * 1024, `read ${read1 - read0} bytes`);
    assert.ok(performance.now() - t0 < 20_000);
    assert.ok(process.memoryUsage().rss - rss0 < 200 * 1024 * 1024, 'memory grew by more than 200 MB');
    assert.deepEqual(snapshot(db), before);
    await rejectsInput(previewFile(path), /^huge-line\.csv, row 2: a field longer than 16 MB/);
  } finally {
    rmSync(path, { force: true });
  }
});

test('a quoted field running over 20 MB of lines is refused at the line it starts on', async () => {
  const path = join(tmp, 'long-quote.csv');
  const fd = openSync(path, 'w');
  writeSync(fd, 'id,note\n1,ok\n2,"starts here\n');
  const block = Buffer.from(('y'.repeat(999) + '\n').repeat(1024));
  for (let i = 0; i < 20; i++) writeSync(fd, block);
  closeSync(fd);
  try {
    await rejectsInput(
      importFile(newProject(), path, { name: 'q' }),
      'long-quote.csv, row 3: a field longer than 16 MB; is this really a CSV file?',
    );
  } finally {
    rmSync(path, { force: true });
  }
});

test('Latin-1 after the first 64 KB switches the decoding without losing a byte', async () => {
  const path = join(tmp, 'late-latin1.csv');
  const lines = ['n,place'];
  for (let i = 0; i < 10_000; i++) lines.push(`${i},Atlanta`);
  const head = Buffer.from(lines.join('\n') + '\n');
  const tail = Buffer.concat([
    Buffer.from('10000,Bayam'),
    Buffer.from([0xf3]),
    Buffer.from('n\n10001,"1,5"\n'),
  ]);
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.concat([head, tail]));
  closeSync(fd);
  const db = newProject();
  const info = await importFile(db, path, { name: 'l' });
  assert.equal(db.prepare(`SELECT c1 FROM ${info.tableName} WHERE c0 = 10000`).pluck().get(), 'Bayamón');
  assert.ok(info.warnings.some((w) => /not UTF-8 \(first at byte \d+\); read it as Latin-1/.test(w)));
  const p = await previewFile(path);
  assert.equal(p.encoding, 'latin1');
});
