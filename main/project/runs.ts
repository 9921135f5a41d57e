// Runs of an analysis and their Results. A run row is written when the job starts
// ('running'); the Result (tables, artifacts, warnings) is written in ONE transaction
// when it finishes, so a project never holds half a result.
import type Database from 'better-sqlite3';
import type { Result, Table } from '../../shared/result.ts';
import { InputError } from '../../shared/errors.ts';
import { recordHistory } from './history.ts';

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface RunRecord {
  id: number;
  analysisId: number;
  status: RunStatus;
  options: unknown;
  inputs: Record<string, string>;
  backend: string | null;
  error: string | null;
  /** 'input' when the failure is the user's to fix (bad data or options), else 'internal'. */
  errorKind: 'input' | 'internal' | null;
  /** The Result format version of a finished run. */
  resultVersion: number | null;
  warnings: string[];
  timings: Record<string, number>;
  startedAt: string;
  finishedAt: string | null;
}

interface RunRow {
  id: number;
  analysis_id: number;
  status: RunStatus;
  options: string;
  inputs: string;
  backend: string | null;
  error: string | null;
  error_kind: 'input' | 'internal' | null;
  warnings: string;
  timings: string;
  result_version: number | null;
  started_at: string;
  finished_at: string | null;
}

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    analysisId: r.analysis_id,
    status: r.status,
    options: JSON.parse(r.options) as unknown,
    inputs: JSON.parse(r.inputs) as Record<string, string>,
    backend: r.backend,
    error: r.error,
    errorKind: r.error_kind,
    resultVersion: r.result_version,
    warnings: JSON.parse(r.warnings) as string[],
    timings: JSON.parse(r.timings) as Record<string, number>,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export function startRun(
  db: Database.Database,
  analysisId: number,
  options: unknown,
  inputs: Record<string, string>,
): RunRecord {
  const info = db
    .prepare(
      "INSERT INTO runs (analysis_id, status, options, inputs, started_at) VALUES (?, 'running', ?, ?, ?)",
    )
    .run(analysisId, JSON.stringify(options), JSON.stringify(inputs), new Date().toISOString());
  return getRun(db, Number(info.lastInsertRowid));
}

export function getRun(db: Database.Database, id: number): RunRecord {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row) throw new InputError(`no run with id ${id} in this project`);
  return toRecord(row);
}

export function listRuns(db: Database.Database, analysisId: number): RunRecord[] {
  return (db.prepare('SELECT * FROM runs WHERE analysis_id = ? ORDER BY id').all(analysisId) as RunRow[]).map(
    toRecord,
  );
}

export function latestFinishedRun(db: Database.Database, analysisId: number): RunRecord | undefined {
  const row = db
    .prepare("SELECT * FROM runs WHERE analysis_id = ? AND status = 'done' ORDER BY id DESC LIMIT 1")
    .get(analysisId) as RunRow | undefined;
  return row ? toRecord(row) : undefined;
}

/** Writes a finished run's Result in one transaction. */
export function finishRun(db: Database.Database, runId: number, result: Result): void {
  db.transaction(() => {
    db.prepare(
      "UPDATE runs SET status = 'done', options = ?, backend = ?, warnings = ?, timings = ?, result_version = ?, finished_at = ? WHERE id = ?",
    ).run(
      JSON.stringify(result.options),
      result.backend ?? null,
      JSON.stringify(result.warnings),
      JSON.stringify(result.timings),
      result.version,
      new Date().toISOString(),
      runId,
    );
    const insertTable = db.prepare(
      'INSERT INTO result_tables (run_id, position, name, title, columns, rows) VALUES (?, ?, ?, ?, ?, ?)',
    );
    Object.entries(result.tables).forEach(([name, table], position) => {
      insertTable.run(
        runId,
        position,
        name,
        table.title,
        JSON.stringify(table.columns),
        JSON.stringify(table.rows),
      );
    });
    const insertArtifact = db.prepare('INSERT INTO artifacts (run_id, name, data) VALUES (?, ?, ?)');
    for (const [name, bytes] of Object.entries(result.artifacts ?? {})) {
      insertArtifact.run(runId, name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    recordHistory(db, 'run_done', { run: runId, kind: result.kind });
  })();
}

export function endRun(
  db: Database.Database,
  runId: number,
  status: 'failed' | 'cancelled',
  reason: string,
  errorKind: 'input' | 'internal' | null = null,
): void {
  db.transaction(() => {
    db.prepare('UPDATE runs SET status = ?, error = ?, error_kind = ?, finished_at = ? WHERE id = ?').run(
      status,
      reason,
      errorKind,
      new Date().toISOString(),
      runId,
    );
    recordHistory(db, status === 'failed' ? 'run_failed' : 'run_cancelled', { run: runId, reason });
  })();
}

/** On open: runs left 'running' by a process that stopped are marked failed, with the reason. */
export function markInterruptedRuns(db: Database.Database): void {
  db.prepare(
    "UPDATE runs SET status = 'failed', error = 'interrupted: Pathwise stopped while this ran', error_kind = 'internal', finished_at = ? WHERE status = 'running'",
  ).run(new Date().toISOString());
}

export function deleteRun(db: Database.Database, runId: number): void {
  db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
}

/** The artifacts (e.g. a trained model) of a run, without its tables. */
export function loadArtifacts(db: Database.Database, runId: number): Record<string, Uint8Array> {
  const rows = db.prepare('SELECT name, data FROM artifacts WHERE run_id = ? ORDER BY name').all(runId) as {
    name: string;
    data: Buffer;
  }[];
  return Object.fromEntries(rows.map((a) => [a.name, new Uint8Array(a.data)]));
}

/** The stored Result of a finished run, as it was computed (only the tables `only` names, if given). */
export function loadResult(
  db: Database.Database,
  runId: number,
  kind: string,
  only?: readonly string[],
): Result {
  const run = getRun(db, runId);
  if (run.status !== 'done') throw new InputError(`run ${runId} has no result (it ${run.status})`);
  const tables: Record<string, Table> = {};
  // A table left out is not even read (a million customers' encodings are 200 MB of JSON).
  const rows = (
    only
      ? db
          .prepare(
            'SELECT name, title, columns, rows FROM result_tables WHERE run_id = ? ' +
              'AND name IN (SELECT value FROM json_each(?)) ORDER BY position',
          )
          .all(runId, JSON.stringify(only))
      : db
          .prepare('SELECT name, title, columns, rows FROM result_tables WHERE run_id = ? ORDER BY position')
          .all(runId)
  ) as { name: string; title: string; columns: string; rows: string }[];
  for (const t of rows) {
    tables[t.name] = {
      title: t.title,
      columns: JSON.parse(t.columns) as Table['columns'],
      rows: JSON.parse(t.rows) as Table['rows'],
    };
  }
  const artifactRows = db
    .prepare('SELECT name, data FROM artifacts WHERE run_id = ? ORDER BY name')
    .all(runId) as {
    name: string;
    data: Buffer;
  }[];
  const result: Result = {
    kind,
    version: run.resultVersion ?? 0,
    options: run.options,
    tables,
    warnings: run.warnings,
    backend: run.backend ?? undefined,
    timings: run.timings,
  };
  if (artifactRows.length) {
    result.artifacts = Object.fromEntries(artifactRows.map((a) => [a.name, new Uint8Array(a.data)]));
  }
  return result;
}
