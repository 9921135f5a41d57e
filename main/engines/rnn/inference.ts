// Scoring customers with a trained model: the churn probability and (when asked) the encoding
// of each, in batches of inferenceBatch customers with a cancel check and a progress report
// between batches. One forward pass per customer at its exact length, O(rows H (F + H)).
import type { WorkMonitor } from '../common/work-monitor.ts';
import { createWorkspace, predict, type ModelShape } from './model.ts';
import type { SequenceSet } from './sequences.ts';

/** Customers per inference batch (a few milliseconds each: cancel stays prompt). */
export const inferenceBatch = 4096;

/** Probabilities (and encodings, row-major customers x D, when asked) of `customers`, in their order. */
export function inferAll(
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: Int32Array,
  withEncodings: boolean,
  monitor: WorkMonitor,
  message = 'Encoding customers',
): { probabilities: Float64Array<ArrayBuffer>; encodings: Float64Array<ArrayBuffer> | undefined } {
  const probabilities = new Float64Array(customers.length);
  const encodings = withEncodings ? new Float64Array(customers.length * shape.denseUnits) : undefined;
  const workspace = createWorkspace(
    shape,
    sequences.lengths.reduce((m, l) => Math.max(m, l), 1),
  );
  for (let start = 0; start < customers.length; start += inferenceBatch) {
    monitor.checkCancelled();
    monitor.progress(start / customers.length, message);
    const batch = customers.subarray(start, Math.min(customers.length, start + inferenceBatch));
    const batchProbabilities = probabilities.subarray(start, start + batch.length);
    const batchEncodings = encodings?.subarray(
      start * shape.denseUnits,
      (start + batch.length) * shape.denseUnits,
    );
    predict(shape, params, sequences, batch, batchProbabilities, batchEncodings, workspace);
  }
  return { probabilities, encodings };
}
