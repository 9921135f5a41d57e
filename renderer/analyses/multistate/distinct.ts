// The distinct values of a few columns, for covariate levels: no channel returns them, so the
// rows are read in pages (datasets.rows) until every column has shown as many distinct values
// as its summary counts (datasets.summary `distinct`), which for the usual handful of levels is
// the first page. Only columns with few distinct values are asked for (see `maxLevels`).
export type Cell = string | number | null;

/** More distinct values than this and a column is not offered as levels (it would be a number or an id). */
export const maxLevels = 50;

export interface DistinctRequest {
  /** Position of the column in a row of datasets.rows. */
  index: number;
  /** How many distinct non-missing values the summary counted. */
  expected: number;
}

/** A cell as a level is named (numbers as JavaScript writes them, "2018", "0.5"). */
export function levelText(cell: Cell): string | null {
  return cell === null ? null : String(cell);
}

/** Reads pages until each column has its expected count of values, or the rows end. */
export async function distinctValues(
  fetchRows: (offset: number, limit: number) => Promise<Cell[][]>,
  columns: Record<string, DistinctRequest>,
  rowCount: number,
  pageSize = 10_000,
): Promise<Record<string, string[]>> {
  const found = new Map(Object.keys(columns).map((name) => [name, new Set<string>()]));
  const done = () => [...found].every(([name, set]) => set.size >= columns[name]!.expected);
  for (let offset = 0; offset < rowCount && !done(); offset += pageSize) {
    const rows = await fetchRows(offset, Math.min(pageSize, rowCount - offset));
    if (rows.length === 0) break;
    for (const row of rows)
      for (const [name, set] of found) {
        const value = levelText(row[columns[name]!.index] ?? null);
        if (value !== null) set.add(value);
      }
  }
  return Object.fromEntries([...found].map(([name, set]) => [name, [...set]]));
}
