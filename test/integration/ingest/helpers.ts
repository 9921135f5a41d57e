// Shared by the ingest integration tests: a fresh project database, a snapshot of everything
// an import may touch (to prove a failed or cancelled import leaves no trace), paths.
import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { after } from 'node:test';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createSchemaForTests } from '../../../main/project/schema.ts';
import { InputError } from '../../../shared/errors.ts';

export const root = join(import.meta.dirname, '..', '..', '..');
export const fixtures = join(root, 'test', 'fixtures', 'ingest');

export function fixture(name: string): string {
  return join(fixtures, name);
}

/** A per-process scratch folder under test/tmp (git-ignored), removed when the file's tests end. */
export function tmpDir(name: string): string {
  const dir = join(root, 'test', 'tmp', `ingest-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function newProject(path = ':memory:'): Database.Database {
  const db = new Database(path);
  createSchemaForTests(db);
  return db;
}

export function snapshot(db: Database.Database): unknown {
  return {
    master: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all(),
    datasets: db.prepare('SELECT * FROM datasets ORDER BY id').all(),
    history: db.prepare('SELECT * FROM history ORDER BY id').all(),
  };
}

export function rowsOf(db: Database.Database, table: string): unknown[][] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all() as unknown[][];
}

/** Asserts that `p` rejects with an InputError whose message is exactly `message` (or matches it). */
export async function rejectsInput(p: Promise<unknown>, message: string | RegExp): Promise<InputError> {
  let caught: unknown = null;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}
