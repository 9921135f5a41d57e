// Column types from a sample of rows: the narrowest type every non-missing value fits, with
// integer < number and everything < text (a column mixing dates and numbers is text). A column
// with no value in the sample is text. Also counts missing values and keeps a few examples,
// for the preview. Cost: one classification per sampled cell until the column is known text.
import type { DataType } from '../../shared/frame.ts';
import { type Cell, cellToText, classifyCell, isMissingCell, widen } from './cells.ts';
import { PREVIEW_EXAMPLES } from './limits.ts';

export interface InferredColumn {
  type: DataType;
  missing: number;
  examples: string[];
}

export class TypeInference {
  private readonly types: (DataType | null)[];
  private readonly missing: number[];
  private readonly examples: string[][];
  rows = 0;

  constructor(private readonly width: number) {
    this.types = new Array<DataType | null>(width).fill(null);
    this.missing = new Array<number>(width).fill(0);
    this.examples = Array.from({ length: width }, () => []);
  }

  /** Adds one row; cells beyond the width are ignored, absent ones count as missing. */
  add(row: readonly Cell[]): void {
    this.rows++;
    for (let c = 0; c < this.width; c++) {
      const cell = c < row.length ? row[c]! : null;
      if (cell === null || isMissingCell(cell)) {
        this.missing[c]!++;
        continue;
      }
      const ex = this.examples[c]!;
      if (ex.length < PREVIEW_EXAMPLES) {
        const text = cellToText(cell)!;
        if (!ex.includes(text)) ex.push(text);
      }
      const current = this.types[c]!;
      if (current === 'text') continue;
      const kind = classifyCell(cell);
      this.types[c] = current === null ? kind : widen(current, kind);
    }
  }

  result(): InferredColumn[] {
    return this.types.map((t, c) => ({
      type: t ?? 'text',
      missing: this.missing[c]!,
      examples: this.examples[c]!,
    }));
  }
}
