// Ward's tree as R's hclust object holds it ($merge, $height), for the `dendrogram` table:
// merge s joins `left` and `right`, a negative member -i being customer row i (1-based) and
// a positive one the cluster made at that earlier step. R's hcass2 orders the pair: a
// customer before a cluster, two customers by row, two clusters by step. Cost: O(n).
import type { WardTree } from '../cluster/ward.ts';

export interface MergeRow {
  left: number;
  right: number;
  height: number;
  /** Customers under the merge. */
  size: number;
}

export function mergeMatrix(tree: WardTree): MergeRow[] {
  const { n, mergedInto, mergedFrom, heights } = tree;
  // The last step that made the cluster named by its smallest row (0: a single customer).
  const lastStep = new Int32Array(n);
  const sizeOf = new Int32Array(n).fill(1);
  const rows: MergeRow[] = [];
  for (let s = 0; s < n - 1; s++) {
    const a = mergedInto[s]!;
    const b = mergedFrom[s]!;
    const memberA = lastStep[a]! > 0 ? lastStep[a]! : -(a + 1);
    const memberB = lastStep[b]! > 0 ? lastStep[b]! : -(b + 1);
    let left = memberA;
    let right = memberB;
    if (left > 0 && right < 0) [left, right] = [right, left];
    else if (left > 0 && right > 0 && left > right) [left, right] = [right, left];
    const size = sizeOf[a]! + sizeOf[b]!;
    sizeOf[a] = size;
    lastStep[a] = s + 1;
    rows.push({ left, right, height: heights[s]!, size });
  }
  return rows;
}
