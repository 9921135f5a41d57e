// Fills a numeric column of known length into the narrowest typed array that holds every value
// exactly (shared/frame.ts): Uint8Array while all values are integers in 0..255, Int32Array while
// all are 32-bit integers, Float64Array (NaN = missing) from the first value that is neither or
// missing. Widening copies the values so far once per step (at most twice per column), so the
// cost is O(n) writes and, for the widest column, 8 bytes per value plus one transient copy.
import type { NumericValues } from './frame.ts';

export class NumericColumnBuilder {
  private values: NumericValues;

  constructor(readonly length: number) {
    this.values = new Uint8Array(length);
  }

  /** Stores `value` (NaN = missing) at `index`; indexes may come in any order. */
  set(index: number, value: number): void {
    const values = this.values;
    if (values instanceof Uint8Array) {
      if ((value & 255) === value) {
        values[index] = value;
        return;
      }
      this.values = (value | 0) === value ? Int32Array.from(values) : Float64Array.from(values);
    } else if (values instanceof Int32Array) {
      if ((value | 0) === value) {
        values[index] = value;
        return;
      }
      this.values = Float64Array.from(values);
    } else {
      values[index] = value;
      return;
    }
    this.set(index, value);
  }

  /** The column; the builder must not be used afterwards. */
  finish(): NumericValues {
    return this.values;
  }
}
