// Writes a Result to a folder as the CLI promises: results.json (the Result without its
// binary artifacts, which are listed by name and size), one CSV per table, one SVG per chart.
// Files are written to temporary names and renamed, so a folder never holds half a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../shared/result.ts';
import { chartBuilders } from '../../shared/charts/index.ts';
import { tableToCsv } from './csv.ts';

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Returns the names of the files written. */
export async function writeResult(
  result: Result,
  outDir: string,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const { artifacts, ...rest } = result;
  const artifactList = Object.entries(artifacts ?? {}).map(([name, bytes]) => ({
    name,
    bytes: bytes.byteLength,
  }));
  writeAtomically(
    join(outDir, 'results.json'),
    JSON.stringify({ ...rest, artifacts: artifactList, ...extra }, null, 2),
  );
  written.push('results.json');
  for (const [name, table] of Object.entries(result.tables)) {
    writeAtomically(join(outDir, `${name}.csv`), tableToCsv(table));
    written.push(`${name}.csv`);
  }
  const builder = chartBuilders[result.kind];
  if (builder) {
    // ECharts is loaded only when charts are written: it takes seconds to load.
    const { renderSvg } = await import('../charts/svg.ts');
    for (const [name, spec] of Object.entries(builder(result))) {
      writeAtomically(join(outDir, `${name}.svg`), renderSvg(spec));
      written.push(`${name}.svg`);
    }
  }
  return written;
}
