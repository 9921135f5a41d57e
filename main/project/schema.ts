// The .pathwise schema and its migrations. user_version is the schema version; each
// migration takes the file from version i to i + 1 and runs inside one transaction.
// application_id marks the file as ours ("PWSE" in ASCII).
import type Database from 'better-sqlite3';

export const APPLICATION_ID = 0x50575345;

/** migrations[i] brings a file from user_version i to i + 1. */
export const migrations: ((db: Database.Database) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE project (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      -- One row per imported dataset; its rows live in table_name with columns c0..cN
      -- (sqlName in columns JSON), in file order (rowid).
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        table_name TEXT NOT NULL UNIQUE,
        source TEXT,
        row_count INTEGER NOT NULL,
        columns TEXT NOT NULL,          -- JSON [{name, type, sqlName}]
        created_at TEXT NOT NULL
      );
      CREATE TABLE analyses (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        inputs TEXT NOT NULL,           -- JSON {input: dataset name}
        options TEXT NOT NULL,          -- JSON, as the analyst set them
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
        options TEXT NOT NULL,          -- JSON, as validated for this run
        inputs TEXT NOT NULL,           -- JSON {input: dataset name}
        backend TEXT,
        error TEXT,
        error_kind TEXT CHECK (error_kind IN ('input', 'internal')),
        warnings TEXT NOT NULL DEFAULT '[]',
        timings TEXT NOT NULL DEFAULT '{}',
        result_version INTEGER,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX runs_by_analysis ON runs(analysis_id);
      CREATE TABLE result_tables (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        title TEXT NOT NULL,
        columns TEXT NOT NULL,          -- JSON [{name, type, label?}]
        rows TEXT NOT NULL,             -- JSON rows
        PRIMARY KEY (run_id, name)
      );
      CREATE TABLE artifacts (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (run_id, name)
      );
      -- What the analyst did, newest last: imports, analyses created, runs, renames, deletions.
      CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
      );
    `);
  },
];

/** The schema version this build writes (a function so that tests can add a migration). */
export function currentSchemaVersion(): number {
  return migrations.length;
}
export const SCHEMA_VERSION = currentSchemaVersion();

/** Brings an empty or older database up to the current version (no backup, no checks: see projectFile.ts). */
export function applyMigrations(db: Database.Database, from: number): void {
  const target = currentSchemaVersion();
  for (let v = from; v < target; v++) migrations[v]!(db);
  db.pragma(`user_version = ${target}`);
  db.pragma(`application_id = ${APPLICATION_ID}`);
}

/** A fresh in-memory project database, for tests of code that writes into a project. */
export function createSchemaForTests(db: Database.Database): void {
  db.transaction(() => applyMigrations(db, 0))();
}

export interface DatasetColumn {
  name: string;
  type: 'integer' | 'number' | 'date' | 'text' | 'boolean';
  sqlName: string;
}
