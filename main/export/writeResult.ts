// Writes a Result to a folder as the CLI promises: results.json (the Result without its
// binary artifacts, which are listed by name and size), one CSV per table, one SVG per chart.
// Files are written to temporary names and renamed, so a folder never holds half a file.
// Tables are written a block of rows at a time, never as one string: a million customers'
// encodings are hundreds of megabytes of text, which would otherwise sit in memory whole
// (and twice, as a JSON string and as its UTF-8 copy). In results.json each table row is one
// line; everything else is indented as JSON.stringify(value, null, 2) would indent it.
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Result, Table } from '../../shared/result.ts';
import { chartBuilders } from '../../shared/charts/index.ts';
import { formatCell } from './csv.ts';

/** Rows formatted and written together (a few megabytes of text at most). */
const rowsPerWrite = 10_000;

/** Writes the pieces `write` produces to `path` through a temporary file, then renames it. */
function writeAtomically(path: string, produce: (write: (text: string) => void) => void): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    produce((text) => {
      if (text.length > 0) writeSync(fd, text);
    });
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** `value` as JSON indented by 2, nested `indent` levels deep (its first line not indented). */
function indented(value: unknown, indent: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(indent)}`);
}

function writeCsv(table: Table, write: (text: string) => void): void {
  write(table.columns.map((c) => formatCell(c.name)).join(',') + '\n');
  for (let start = 0; start < table.rows.length; start += rowsPerWrite) {
    let block = '';
    const end = Math.min(table.rows.length, start + rowsPerWrite);
    for (let r = start; r < end; r++) block += table.rows[r]!.map(formatCell).join(',') + '\n';
    write(block);
  }
}

function writeJson(
  header: Record<string, unknown>,
  tables: Record<string, Table>,
  trailer: Record<string, unknown>,
  write: (text: string) => void,
): void {
  const members = (record: Record<string, unknown>): string[] =>
    Object.entries(record)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `  ${JSON.stringify(key)}: ${indented(value, 1)}`);
  write('{\n');
  const before = members(header);
  write(before.join(',\n') + (before.length > 0 ? ',\n' : ''));
  const names = Object.keys(tables);
  write('  "tables": {' + (names.length === 0 ? '}' : '\n'));
  names.forEach((name, t) => {
    const table = tables[name]!;
    write(`    ${JSON.stringify(name)}: {\n`);
    write(`      "title": ${JSON.stringify(table.title)},\n`);
    write(`      "columns": ${indented(table.columns, 3)},\n`);
    write('      "rows": [' + (table.rows.length === 0 ? ']\n' : '\n'));
    for (let start = 0; start < table.rows.length; start += rowsPerWrite) {
      const end = Math.min(table.rows.length, start + rowsPerWrite);
      let block = '';
      for (let r = start; r < end; r++) {
        block += `        ${JSON.stringify(table.rows[r])}${r < table.rows.length - 1 ? ',' : ''}\n`;
      }
      write(block);
    }
    if (table.rows.length > 0) write('      ]\n');
    write(`    }${t < names.length - 1 ? ',' : ''}\n`);
  });
  if (names.length > 0) write('  }');
  const after = members(trailer);
  write((after.length > 0 ? ',\n' + after.join(',\n') : '') + '\n}\n');
}

/** Returns the names of the files written. */
export async function writeResult(
  result: Result,
  outDir: string,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const { artifacts, tables, ...rest } = result;
  const artifactList = Object.entries(artifacts ?? {}).map(([name, bytes]) => ({
    name,
    bytes: bytes.byteLength,
  }));
  // The members in the order of the Result (tables after options), then artifacts and extra.
  const { kind, version, options, ...later } = rest;
  writeAtomically(join(outDir, 'results.json'), (write) =>
    writeJson({ kind, version, options }, tables, { ...later, artifacts: artifactList, ...extra }, write),
  );
  written.push('results.json');
  for (const [name, table] of Object.entries(tables)) {
    writeAtomically(join(outDir, `${name}.csv`), (write) => writeCsv(table, write));
    written.push(`${name}.csv`);
  }
  const builder = chartBuilders[result.kind];
  if (builder) {
    // ECharts is loaded only when charts are written: it takes seconds to load.
    const { renderSvg } = await import('../charts/svg.ts');
    for (const [name, spec] of Object.entries(builder(result))) {
      writeAtomically(join(outDir, `${name}.svg`), (write) => write(renderSvg(spec)));
      written.push(`${name}.svg`);
    }
  }
  return written;
}
