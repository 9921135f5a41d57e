// The project's own history: what the analyst did, newest last, kept in the file.
import type Database from 'better-sqlite3';

export interface HistoryEntry {
  id: number;
  at: string;
  action: string;
  detail: unknown;
}

export function recordHistory(db: Database.Database, action: string, detail: unknown): void {
  db.prepare('INSERT INTO history (at, action, detail) VALUES (?, ?, ?)').run(
    new Date().toISOString(),
    action,
    JSON.stringify(detail),
  );
}

export function listHistory(db: Database.Database, limit = 200): HistoryEntry[] {
  const rows = db
    .prepare('SELECT id, at, action, detail FROM history ORDER BY id DESC LIMIT ?')
    .all(limit) as { id: number; at: string; action: string; detail: string }[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
}
