// R cutree(tree, k): the partition after the first n - k merges, groups numbered 1..k in
// order of first appearance in row order (the group of row 1 is 1, the next new group 2...).
// Union-find over the merges, O(n alpha(n)).

import { UnionFind } from '../common/union-find.ts';
import type { WardTree } from './ward.ts';

export function cutTree(tree: WardTree, k: number): Int32Array {
  const { n } = tree;
  const groups = Math.min(Math.max(1, k), n);
  const sets = new UnionFind(n);
  for (let step = 0; step < n - groups; step++) sets.union(tree.mergedInto[step], tree.mergedFrom[step]);
  const numberOfRoot = new Int32Array(n);
  const labels = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    if (numberOfRoot[root] === 0) numberOfRoot[root] = ++next;
    labels[i] = numberOfRoot[root];
  }
  return labels;
}
