// The .pathwise file: creation, refusal of foreign, newer and damaged files, the lock
// against a second process, Save As, migrations with backup, and a kill during a write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ProjectFile } from '../../../main/project/projectFile.ts';
import { APPLICATION_ID, SCHEMA_VERSION, migrations } from '../../../main/project/schema.ts';
import { createAnalysis } from '../../../main/project/analyses.ts';
import { getRun, startRun } from '../../../main/project/runs.ts';
import { InputError } from '../../../shared/errors.ts';
import { repoRoot, tempDir } from '../../helpers/tmp.ts';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

test('a new project is marked as ours, versioned, and a single file once closed', () => {
  const path = join(tempDir(), 'new.pathwise');
  const project = ProjectFile.create(path);
  assert.equal(project.db.pragma('journal_mode', { simple: true }), 'wal');
  project.close();
  assert.ok(!existsSync(`${path}-wal`), 'no WAL file left after close');
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma('application_id', { simple: true }), APPLICATION_ID);
  assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  raw.close();
  rejects(() => ProjectFile.create(path), /already exists/);
});

test('foreign, non-SQLite, empty and missing files are refused with a clear message', () => {
  const dir = tempDir();
  const foreign = join(dir, 'other.db');
  const other = new Database(foreign);
  other.exec('CREATE TABLE t (x)');
  other.close();
  rejects(
    () => ProjectFile.open(foreign),
    /not a Pathwise project \(it is an SQLite file of another program\)/,
  );
  const text = join(dir, 'notes.pathwise');
  writeFileSync(text, 'id,x\n1,2\n');
  rejects(() => ProjectFile.open(text), /not a Pathwise project \(not an SQLite database file\)/);
  const empty = join(dir, 'empty.pathwise');
  writeFileSync(empty, '');
  rejects(() => ProjectFile.open(empty), /not a Pathwise project/);
  rejects(() => ProjectFile.open(join(dir, 'missing.pathwise')), /no such file/);
});

test('a file from a newer version is refused and left byte-for-byte untouched', () => {
  const path = join(tempDir(), 'future.pathwise');
  ProjectFile.create(path).close();
  const raw = new Database(path);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  const before = sha(path);
  const mtime = statSync(path).mtimeMs;
  rejects(() => ProjectFile.open(path), /saved by a newer version of Pathwise/);
  assert.equal(sha(path), before);
  assert.equal(statSync(path).mtimeMs, mtime);
  assert.ok(!existsSync(`${path}-wal`));
});

test('a damaged file is refused, not opened', () => {
  const path = join(tempDir(), 'damaged.pathwise');
  const project = ProjectFile.create(path);
  const a = createAnalysis(project.db, { name: 'x', kind: 'cluster', inputs: {}, options: {} });
  for (let i = 0; i < 300; i++) startRun(project.db, a.id, { filler: 'x'.repeat(500), i }, {});
  project.close();
  const size = statSync(path).size;
  // Overwrite the middle pages with junk: the b-tree pages no longer parse.
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(size / 2, 0x5a), 0, size / 2, Math.floor(size / 4));
  closeSync(fd);
  rejects(() => ProjectFile.open(path), /damaged|not a Pathwise project/);
  truncateSync(path, 4096 + 100);
  rejects(() => ProjectFile.open(path), /damaged|not a Pathwise project/);
});

test('a second process opening the same project is told it is open in another window', () => {
  const path = join(tempDir(), 'busy.pathwise');
  const project = ProjectFile.create(path);
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./main/project/projectFile.ts').then(({ ProjectFile }) => {
         try { ProjectFile.open(${JSON.stringify(path)}); console.log('opened'); }
         catch (e) { console.log(e.message); }
       })`,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  assert.match(child.stdout, /this project is open in another window/, child.stderr);
  project.close();
  ProjectFile.open(path).close();
});

test('Save As writes a complete copy through a temporary file and continues in it', () => {
  const dir = tempDir();
  const path = join(dir, 'a.pathwise');
  const target = join(dir, 'b.pathwise');
  const project = ProjectFile.create(path);
  createAnalysis(project.db, { name: 'kept', kind: 'cluster', inputs: {}, options: { k: 3 } });
  project.saveAs(target);
  assert.equal(project.path, target);
  createAnalysis(project.db, { name: 'only in b', kind: 'cluster', inputs: {}, options: {} });
  project.close();
  const a = ProjectFile.open(path);
  const b = ProjectFile.open(target);
  const names = (p: ProjectFile) =>
    (p.db.prepare('SELECT name FROM analyses ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  assert.deepEqual(names(a), ['kept']);
  assert.deepEqual(names(b), ['kept', 'only in b']);
  a.close();
  b.close();
  const leftovers = spawnSync('ls', ['-a', dir], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, []);
});

test('migrations run after a backup, in one transaction; a failing one leaves the file as it was', () => {
  const dir = tempDir();
  const path = join(dir, 'old.pathwise');
  ProjectFile.create(path).close();
  migrations.push((db) => db.exec('CREATE TABLE added_in_next_version (x)'));
  try {
    const project = ProjectFile.open(path);
    assert.equal(project.db.pragma('user_version', { simple: true }), SCHEMA_VERSION + 1);
    project.close();
    assert.ok(existsSync(`${path}.v${SCHEMA_VERSION}.bak`), 'backup copy made before migrating');
    const backup = new Database(`${path}.v${SCHEMA_VERSION}.bak`, { readonly: true });
    assert.equal(backup.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    backup.close();
  } finally {
    migrations.pop();
  }
  const path2 = join(dir, 'old2.pathwise');
  ProjectFile.create(path2).close();
  migrations.push((db) => {
    db.exec('CREATE TABLE half_done (x)');
    throw new Error('migration bug');
  });
  try {
    assert.throws(() => ProjectFile.open(path2), /migration bug/);
  } finally {
    migrations.pop();
  }
  const raw = new Database(path2, { readonly: true });
  assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const halfDone = raw.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half_done'").get() as {
    n: number;
  };
  assert.equal(halfDone.n, 0);
  raw.close();
});

test('a process killed in the middle of a write leaves the last committed state', async () => {
  const path = join(tempDir(), 'killed.pathwise');
  const project = ProjectFile.create(path);
  createAnalysis(project.db, { name: 'before', kind: 'cluster', inputs: {}, options: {} });
  project.close();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./main/project/projectFile.ts').then(({ ProjectFile }) => {
         const p = ProjectFile.open(${JSON.stringify(path)});
         p.db.prepare("INSERT INTO analyses (name, kind, inputs, options, created_at, updated_at) VALUES ('committed', 'cluster', '{}', '{}', '', '')").run();
         p.db.exec('BEGIN');
         const ins = p.db.prepare("INSERT INTO history (at, action, detail) VALUES ('', 'filler', ?)");
         for (let i = 0; i < 20000; i++) ins.run('x'.repeat(1000));
         console.log('writing');
         setInterval(() => { for (let i = 0; i < 1000; i++) ins.run('y'.repeat(1000)); }, 1);
       })`,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('writing') && resolve()),
  );
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  const reopened = ProjectFile.open(path);
  assert.equal(reopened.db.pragma('quick_check', { simple: true }), 'ok');
  const names = (
    reopened.db.prepare('SELECT name FROM analyses ORDER BY id').all() as { name: string }[]
  ).map((r) => r.name);
  assert.deepEqual(names, ['before', 'committed']);
  const filler = reopened.db.prepare("SELECT COUNT(*) AS n FROM history WHERE action = 'filler'").get() as {
    n: number;
  };
  assert.equal(filler.n, 0);
  reopened.close();
});

test('runs left running by a stopped process are marked failed on open', () => {
  const path = join(tempDir(), 'interrupted.pathwise');
  const project = ProjectFile.create(path);
  const a = createAnalysis(project.db, { name: 'x', kind: 'cluster', inputs: {}, options: {} });
  const run = startRun(project.db, a.id, {}, {});
  project.close();
  const reopened = ProjectFile.open(path);
  const after = getRun(reopened.db, run.id);
  assert.equal(after.status, 'failed');
  assert.match(after.error ?? '', /interrupted/);
  reopened.close();
});
