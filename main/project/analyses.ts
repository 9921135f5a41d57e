// Analyses in a project: a kind, its inputs (dataset names) and the options the analyst
// set. Runs (runs.ts) keep the options as validated and the results of each execution,
// so an analysis can be re-run with other options and its old runs compared.
import type Database from 'better-sqlite3';
import { InputError } from '../../shared/errors.ts';
import { recordHistory } from './history.ts';

export interface AnalysisRecord {
  id: number;
  name: string;
  kind: string;
  inputs: Record<string, string>;
  options: unknown;
  createdAt: string;
  updatedAt: string;
}

interface AnalysisRow {
  id: number;
  name: string;
  kind: string;
  inputs: string;
  options: string;
  created_at: string;
  updated_at: string;
}

function toRecord(r: AnalysisRow): AnalysisRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    inputs: JSON.parse(r.inputs) as Record<string, string>,
    options: JSON.parse(r.options) as unknown,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function listAnalyses(db: Database.Database): AnalysisRecord[] {
  return (db.prepare('SELECT * FROM analyses ORDER BY id').all() as AnalysisRow[]).map(toRecord);
}

export function getAnalysis(db: Database.Database, id: number): AnalysisRecord {
  const row = db.prepare('SELECT * FROM analyses WHERE id = ?').get(id) as AnalysisRow | undefined;
  if (!row) throw new InputError(`no analysis with id ${id} in this project`);
  return toRecord(row);
}

/** By name, or by id when `ref` is all digits and no analysis has that name. */
export function findAnalysis(db: Database.Database, ref: string): AnalysisRecord {
  const row = db.prepare('SELECT * FROM analyses WHERE name = ?').get(ref) as AnalysisRow | undefined;
  if (row) return toRecord(row);
  if (/^\d+$/.test(ref)) return getAnalysis(db, Number(ref));
  const names = listAnalyses(db).map((a) => `"${a.name}"`);
  throw new InputError(
    `no analysis named "${ref}" in this project` + (names.length ? ` (there are ${names.join(', ')})` : ''),
  );
}

export function uniqueAnalysisName(db: Database.Database, base: string): string {
  let name = base;
  const taken = db.prepare('SELECT 1 FROM analyses WHERE name = ?');
  for (let i = 2; taken.get(name); i++) name = `${base} (${i})`;
  return name;
}

export function createAnalysis(
  db: Database.Database,
  spec: { name: string; kind: string; inputs: Record<string, string>; options: unknown },
): AnalysisRecord {
  const now = new Date().toISOString();
  const name = uniqueAnalysisName(db, spec.name);
  const id = db.transaction(() => {
    const info = db
      .prepare(
        'INSERT INTO analyses (name, kind, inputs, options, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(name, spec.kind, JSON.stringify(spec.inputs), JSON.stringify(spec.options ?? {}), now, now);
    recordHistory(db, 'create_analysis', { name, kind: spec.kind });
    return Number(info.lastInsertRowid);
  })();
  return getAnalysis(db, id);
}

export function updateAnalysis(
  db: Database.Database,
  id: number,
  change: { inputs?: Record<string, string>; options?: unknown },
): AnalysisRecord {
  const current = getAnalysis(db, id);
  db.transaction(() => {
    db.prepare('UPDATE analyses SET inputs = ?, options = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(change.inputs ?? current.inputs),
      JSON.stringify(change.options ?? current.options),
      new Date().toISOString(),
      id,
    );
    recordHistory(db, 'update_analysis', { name: current.name });
  })();
  return getAnalysis(db, id);
}

export function renameAnalysis(db: Database.Database, id: number, name: string): AnalysisRecord {
  const current = getAnalysis(db, id);
  if (name.trim() === '') throw new InputError('an analysis needs a name');
  const clash = db.prepare('SELECT id FROM analyses WHERE name = ?').get(name) as { id: number } | undefined;
  if (clash && clash.id !== id) throw new InputError(`an analysis named "${name}" already exists`);
  db.transaction(() => {
    db.prepare('UPDATE analyses SET name = ?, updated_at = ? WHERE id = ?').run(
      name,
      new Date().toISOString(),
      id,
    );
    recordHistory(db, 'rename_analysis', { from: current.name, to: name });
  })();
  return getAnalysis(db, id);
}

/** A copy of the definition (not of its runs), named "<name> (copy)". */
export function duplicateAnalysis(db: Database.Database, id: number): AnalysisRecord {
  const current = getAnalysis(db, id);
  return createAnalysis(db, { ...current, name: `${current.name} (copy)` });
}

export function deleteAnalysis(db: Database.Database, id: number): void {
  const current = getAnalysis(db, id);
  db.transaction(() => {
    db.prepare('DELETE FROM analyses WHERE id = ?').run(id);
    recordHistory(db, 'delete_analysis', { name: current.name });
  })();
}
