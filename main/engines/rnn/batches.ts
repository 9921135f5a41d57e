// How an epoch's training customers are cut into batches (the engine's and the benchmark's).
//   shuffleInPlace   Fisher-Yates with the seeded Rng: a fresh order every epoch, O(n)
//   randomBatches    the fused kernel runs exact lengths, so it takes the shuffled order as it
//                    is, cut into consecutive batches (random batches, as the reference), O(n/b)
//   bucketedBatches  the tensor path's cost per batch is its longest sequence times the batch
//                    size, so the shuffled customers are taken in pools of 32 batches, each pool
//                    sorted by length and cut into batches, and the batch order shuffled:
//                    O(n log(32 b)); batches stay random in content, near-equal in length.
import type { Rng } from '../common/rng.ts';

export function shuffleInPlace(order: Int32Array, rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
}

/** Consecutive slices of `order` (views, not copies): batch b is order[b * size ...]. */
export function randomBatches(order: Int32Array, batchSize: number): Int32Array[] {
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    batches.push(order.subarray(start, Math.min(order.length, start + batchSize)));
  }
  return batches;
}

export function bucketedBatches(
  order: Int32Array,
  lengths: Int32Array,
  batchSize: number,
  rng: Rng,
): Int32Array[] {
  const pool = batchSize * 32;
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += pool) {
    const members = order.slice(start, Math.min(order.length, start + pool));
    members.sort((a, b) => lengths[a] - lengths[b] || a - b);
    for (let b = 0; b < members.length; b += batchSize) batches.push(members.subarray(b, b + batchSize));
  }
  for (let i = batches.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const swap = batches[i];
    batches[i] = batches[j];
    batches[j] = swap;
  }
  return batches;
}
