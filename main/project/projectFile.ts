// Opening, creating, closing and "Save As" of a .pathwise file (one SQLite file).
// Safety rules: the file is checked (header, application_id, user_version, quick_check)
// before anything writes to it; a newer or foreign file is left byte-for-byte untouched;
// migrations run in one transaction after a backup copy; while open the file is in WAL
// mode with an exclusive lock, so a second process gets "open in another window"; on close
// the WAL is checkpointed away and the file is a single file again.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../../shared/errors.ts';
import { APPLICATION_ID, applyMigrations, currentSchemaVersion } from './schema.ts';
import { markInterruptedRuns } from './runs.ts';
import { recordHistory } from './history.ts';
import { dropStaleImports } from '../ingest/index.ts';

const SQLITE_HEADER = 'SQLite format 3\u0000';

export class ProjectFile {
  private constructor(
    public path: string,
    public db: Database.Database,
  ) {}

  /** Creates a new project at `path` (written to a temporary file beside it, then renamed). */
  static create(path: string, opts: { overwrite?: boolean } = {}): ProjectFile {
    if (existsSync(path) && !opts.overwrite) {
      throw new InputError(`${path}: a file with this name already exists`);
    }
    const tmp = temporarySibling(path);
    try {
      const db = new Database(tmp);
      db.transaction(() => {
        applyMigrations(db, 0);
        db.prepare('INSERT INTO project (key, value) VALUES (?, ?)').run(
          'created_at',
          new Date().toISOString(),
        );
      })();
      db.close();
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return ProjectFile.open(path);
  }

  /** Opens an existing project, migrating an older one; throws InputError with a reader's message. */
  static open(path: string): ProjectFile {
    checkLooksLikeSqlite(path);
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: true, timeout: 0 });
    } catch (err) {
      throw translateSqliteError(path, err);
    }
    try {
      const appId = db.pragma('application_id', { simple: true }) as number;
      const version = db.pragma('user_version', { simple: true }) as number;
      if (appId !== APPLICATION_ID) {
        throw new InputError(
          `${basename(path)} is not a Pathwise project (it is an SQLite file of another program)`,
        );
      }
      const supported = currentSchemaVersion();
      if (version > supported) {
        throw new InputError(
          `${basename(path)} was saved by a newer version of Pathwise (file format ${version}; ` +
            `this version reads up to ${supported}). Update Pathwise to open it; the file was not changed.`,
        );
      }
      const check = db.pragma('quick_check', { simple: true }) as string;
      if (check !== 'ok') throw new InputError(`${basename(path)} is damaged (SQLite quick_check: ${check})`);

      // From here on we own the file: exclusive lock, WAL, and a first write to take the lock.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.prepare('INSERT OR REPLACE INTO project (key, value) VALUES (?, ?)').run(
        'opened_at',
        new Date().toISOString(),
      );
      if (version < supported) migrateWithBackup(db, path, version);
      const project = new ProjectFile(path, db);
      dropStaleImports(db);
      markInterruptedRuns(db);
      return project;
    } catch (err) {
      try {
        db.close();
      } catch {
        // already closed or unusable: the original error matters
      }
      throw translateSqliteError(path, err);
    }
  }

  /** Checkpoints the WAL into the file and closes it: a single, self-contained file is left. */
  close(): void {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.pragma('journal_mode = DELETE');
    this.db.close();
  }

  /**
   * Writes a compacted copy to `target` (VACUUM INTO a temporary file in the target folder,
   * then rename, so the target is never half-written) and continues in the copy.
   */
  saveAs(target: string): void {
    if (sameFile(target, this.path)) return;
    const tmp = temporarySibling(target);
    try {
      this.db.prepare('VACUUM INTO ?').run(tmp);
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw translateSqliteError(target, err);
    }
    recordHistory(this.db, 'save_as', { to: target });
    this.close();
    const reopened = ProjectFile.open(target);
    this.path = reopened.path;
    this.db = reopened.db;
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM project WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }
}

function migrateWithBackup(db: Database.Database, path: string, from: number): void {
  const backup = `${path}.v${from}.bak`;
  rmSync(backup, { force: true });
  db.prepare('VACUUM INTO ?').run(backup);
  db.transaction(() => {
    applyMigrations(db, from);
    recordHistory(db, 'migrate', { from, to: currentSchemaVersion(), backup: basename(backup) });
  })();
}

function checkLooksLikeSqlite(path: string): void {
  if (!existsSync(path)) throw new InputError(`${path}: no such file`);
  const st = statSync(path);
  if (!st.isFile()) throw new InputError(`${path}: not a file`);
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const n = readSync(fd, header, 0, 16, 0);
    if (n < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new InputError(`${basename(path)} is not a Pathwise project (not an SQLite database file)`);
    }
  } finally {
    closeSync(fd);
  }
}

function translateSqliteError(path: string, err: unknown): Error {
  if (err instanceof InputError) return err;
  const code = (err as { code?: string }).code ?? '';
  const name = basename(path);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new InputError(`${name}: this project is open in another window`);
  }
  if (code === 'SQLITE_NOTADB')
    return new InputError(`${name} is not a Pathwise project (not an SQLite database file)`);
  if (code.startsWith('SQLITE_CORRUPT'))
    return new InputError(`${name} is damaged (${(err as Error).message})`);
  if (code === 'SQLITE_CANTOPEN')
    return new InputError(`${name}: cannot open the file (${(err as Error).message})`);
  if (code === 'SQLITE_READONLY') return new InputError(`${name}: the file is read-only`);
  if (code === 'SQLITE_FULL') return new InputError(`${name}: the disk is full; nothing was changed`);
  return err instanceof Error ? err : new Error(String(err));
}

function temporarySibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const sa = statSync(a);
  const sb = statSync(b);
  return sa.ino === sb.ino && sa.dev === sb.dev;
}
