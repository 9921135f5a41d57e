// Segment numbers users see. k-means labels are arbitrary (R's depend on the random start),
// so segments are renumbered 1..k by size, largest first, ties broken by the earliest row
// (the cluster whose first member comes first). DBSCAN keeps R's order of discovery and
// hierarchical keeps R cutree's order of first appearance; neither is renumbered. O(n + k log k).

/** Labels 0..k-1 -> segments 1..k, largest segment first, ties by first row. */
export function numberBySize(labels: Int32Array, k: number): Int32Array {
  const sizes = new Int32Array(k);
  const firstRow = new Int32Array(k).fill(0x7fffffff);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    sizes[label]++;
    if (firstRow[label] > i) firstRow[label] = i;
  }
  const order = Array.from({ length: k }, (_, j) => j).sort(
    (a, b) => sizes[b] - sizes[a] || firstRow[a] - firstRow[b],
  );
  const segmentOf = new Int32Array(k);
  order.forEach((label, rank) => (segmentOf[label] = rank + 1));
  return labels.map((label) => segmentOf[label]);
}
