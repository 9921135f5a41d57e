// The sequence reference cases (test/fixtures/sequence/*) for the descriptive-table tests:
// each case's data.csv encoded as the engine reads it, and a check of some of its tables
// against expected/ with test/tools/compare-tables.mjs under the case's compare.json,
// restricted to the tables given (the distance and cluster tables are tested elsewhere).
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../../../../shared/result.ts';
import { formatCell } from '../../../../main/export/csv.ts';
import { encodeWide, type EncodedSequences } from '../../../../main/engines/sequence/sequences.ts';
import { compareCase } from '../../../tools/compare-tables.mjs';
import { readCsvFrame } from '../../helpers/csv-frame.ts';
import { repoRoot, tempDir } from '../../../helpers/tmp.ts';

export const casesRoot = join(repoRoot, 'test', 'fixtures', 'sequence');

export const caseNames: string[] = readdirSync(casesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export function encodeCase(name: string): EncodedSequences {
  const dir = join(casesRoot, name);
  const options = JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as {
    id: string;
    columns: string[];
  };
  return encodeWide(readCsvFrame(join(dir, 'data.csv'), name), options.id, options.columns);
}

export function tableCsv(table: Table): string {
  const lines = [table.columns.map((c) => formatCell(c.name)).join(',')];
  for (const row of table.rows) lines.push(row.map(formatCell).join(','));
  return lines.join('\n') + '\n';
}

/** Compares the given tables (by Result name) with the case's expected CSVs. */
export function compareWithExpected(
  name: string,
  tables: Record<string, Table>,
): { ok: boolean; report: string } {
  const caseDir = join(casesRoot, name);
  const spec = JSON.parse(readFileSync(join(caseDir, 'compare.json'), 'utf8')) as {
    tables: Record<string, unknown>;
  };
  const work = tempDir('sequence-');
  const judgedCase = join(work, 'case');
  const out = join(work, 'out');
  mkdirSync(join(judgedCase, 'expected'), { recursive: true });
  mkdirSync(out);
  const kept: Record<string, unknown> = {};
  for (const [tableName, table] of Object.entries(tables)) {
    if (!(tableName in spec.tables)) throw new Error(`${name}: compare.json has no table ${tableName}`);
    kept[tableName] = spec.tables[tableName];
    copyFileSync(
      join(caseDir, 'expected', `${tableName}.csv`),
      join(judgedCase, 'expected', `${tableName}.csv`),
    );
    writeFileSync(join(out, `${tableName}.csv`), tableCsv(table));
  }
  writeFileSync(join(judgedCase, 'compare.json'), JSON.stringify({ tables: kept }));
  const { ok, report } = compareCase(judgedCase, out);
  return { ok, report: `${name}:\n${report.join('\n')}` };
}

/** A hand-made encoded data set: codes given per customer (ids 1..n, periods t1..tT by default). */
export function encoded(alphabet: string[], rows: number[][], periods?: string[]): EncodedSequences {
  const T = rows[0]?.length ?? periods?.length ?? 0;
  return {
    ids: rows.map((_, i) => String(i + 1)),
    idsAreNumbers: true,
    periods: periods ?? Array.from({ length: T }, (_, t) => `t${t + 1}`),
    alphabet,
    states: alphabet.length,
    missing: -1,
    n: rows.length,
    length: T,
    codes: Uint8Array.from(rows.flat()),
    lengths: new Int32Array(rows.length).fill(T),
  };
}
