// previewFile: what the import dialog shows before anything is written. The same reader and
// the same inference as the import, over the same sample, so the types shown are the types an
// import starts with. Forgiving where the import is strict: a ragged row becomes a warning
// (the import would stop there), so the analyst sees the problem next to the data.
import { cellToText, isMissingCell } from './cells.ts';
import { uniqueNames } from './header.ts';
import { inferSample, readSample } from './importFile.ts';
import { PREVIEW_ROWS } from './limits.ts';
import { openSource } from './source.ts';
import type { Preview, PreviewOptions } from './types.ts';

const MAX_RAGGED_WARNINGS = 5;

export async function previewFile(path: string, opts: PreviewOptions = {}): Promise<Preview> {
  const wanted = Math.max(0, Math.floor(opts.rows ?? PREVIEW_ROWS));
  const source = await openSource(path, {
    delimiter: opts.delimiter,
    encoding: opts.encoding,
    sheet: opts.sheet,
  });
  try {
    const { names, renamed } = uniqueNames(source.header);
    const width = names.length;
    const warnings = [...renamed];
    const { batches } = await readSample(source);
    const inference = inferSample(batches, width);
    const inferred = inference.result();

    const rows: (string | null)[][] = [];
    let ragged = 0;
    for (const b of batches) {
      for (let r = 0; r < b.rows.length; r++) {
        const row = b.rows[r]!;
        if (row.length !== width && source.format !== 'xlsx') {
          if (ragged < MAX_RAGGED_WARNINGS)
            warnings.push(`${source.label}, row ${b.lines[r]}: expected ${width} fields, got ${row.length}`);
          ragged++;
        }
        if (rows.length < wanted) {
          const out: (string | null)[] = [];
          for (let c = 0; c < width; c++) {
            const cell = c < row.length ? row[c]! : null;
            out.push(cell === null || isMissingCell(cell) ? null : cellToText(cell));
          }
          rows.push(out);
        }
      }
    }
    if (ragged > MAX_RAGGED_WARNINGS)
      warnings.push(
        `${ragged - MAX_RAGGED_WARNINGS} more rows of the sample have the wrong number of fields`,
      );
    if (inference.rows === 0) warnings.push(`${source.file} has a header but no data rows`);

    return {
      file: source.file,
      format: source.format,
      ...(source.encoding !== undefined ? { encoding: source.encoding } : {}),
      ...(source.delimiter !== undefined ? { delimiter: source.delimiter } : {}),
      ...(source.sheets !== undefined ? { sheets: source.sheets } : {}),
      columns: names.map((name, i) => ({ name, ...inferred[i]! })),
      rows,
      sampledRows: inference.rows,
      warnings: [...source.warnings, ...warnings],
    };
  } finally {
    await source.close();
  }
}
