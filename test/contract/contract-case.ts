// What each engine's contract case provides (test/contract/cases/<kind>.ts).
import type { Frame } from '../../shared/frame.ts';
import type { TrainedModel } from '../../main/engines/engine.ts';
import { DemoRandom } from '../../main/demo/rng.ts';
import type { DemoTable } from '../../main/demo/csv.ts';

export interface EngineCall {
  inputs: Record<string, Frame>;
  options: Record<string, unknown>;
  /** The trained model an analysis that applies one (definition.model) is handed. */
  model?: TrainedModel;
}

/** A call, made at once or (when it needs a model trained first) later. */
type Call = EngineCall | Promise<EngineCall>;

export interface ContractCase {
  /** Runs in well under a second. */
  small(): Call;
  /** Runs for several seconds: used for cancel and progress. */
  large(): Call;
  /** Options that must be refused; `option` is the name the message must mention ('' = any). */
  badOptions: { options: Record<string, unknown>; option: string }[];
  /** The same call with a given seed (deterministic engines may ignore it). */
  seeded(seed: number): Call;
  /**
   * Whether one row is a valid input (scoring one customer with a trained model); otherwise
   * an engine must refuse it. An empty input is always refused.
   */
  acceptsOneRow?: boolean;
}

/** n rows of `columns` numeric columns x1..xc around 3 centres, deterministic in `seed`. */
export function numericFrame(name: string, n: number, columns: number, seed: number): Frame {
  const random = new DemoRandom(seed);
  const uniform = () => random.uniform();
  const cols = Array.from({ length: columns }, (_, j) => ({
    name: `x${j + 1}`,
    type: 'number' as const,
    values: new Float64Array(n),
  }));
  for (let i = 0; i < n; i++) {
    const centre = i % 3;
    for (let j = 0; j < columns; j++)
      cols[j]!.values[i] = centre * 6 * (j % 2 ? 1 : -1) + (uniform() - 0.5) * 4;
  }
  const ids = { name: 'id', type: 'text' as const, values: Array.from({ length: n }, (_, i) => `C${i + 1}`) };
  return { name, rowCount: n, columns: [ids, ...cols] };
}

/** The same frame cut to its first `rows` rows. */
export function headFrame(frame: Frame, rows: number): Frame {
  return {
    name: frame.name,
    rowCount: rows,
    columns: frame.columns.map((c) =>
      c.values instanceof Float64Array
        ? { ...c, values: c.values.slice(0, rows) }
        : { ...c, values: (c.values as (string | null)[]).slice(0, rows) },
    ) as Frame['columns'],
  };
}

/** A demo table as a Frame: number columns where every cell is a number or empty, text otherwise. */
export function demoTableFrame(name: string, table: DemoTable, repeat = 1): Frame {
  const rows = Array.from({ length: repeat }, () => table.rows).flat();
  const columns = table.columns.map((column, j) => {
    const cells = rows.map((row) => row[j] ?? null);
    if (cells.every((cell) => cell === null || typeof cell === 'number')) {
      return {
        name: column,
        type: 'number' as const,
        values: Float64Array.from(cells, (c) => (c === null ? NaN : c)),
      };
    }
    return { name: column, type: 'text' as const, values: cells.map((c) => (c === null ? null : String(c))) };
  });
  return { name, rowCount: rows.length, columns };
}
