// A stable ordering of row indices by a numeric key, without a comparator: the distinct keys
// are sorted natively (typed-array sort), every row gets its key's rank by binary search,
// then a counting sort by rank places the rows, keeping equal keys in index order (as a
// stable comparator sort would). Time O(n log d) for n rows and d distinct keys, memory O(n);
// several times faster than Array.prototype.sort with a comparator at millions of rows.
// NaN keys go last in either direction.

/** Indices 0..n-1 (or `rows`, when given) ordered by `keys[index]`, ascending or descending. */
export function stableOrder(
  keys: ArrayLike<number>,
  descending = false,
  rows?: ArrayLike<number>,
): Int32Array {
  const count = rows ? rows.length : keys.length;
  const rowAt = (i: number): number => (rows ? rows[i] : i);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = keys[rowAt(i)];
  const sorted = Float64Array.from(values).sort();
  // Distinct non-NaN keys, ascending (the typed-array sort puts NaN last).
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i];
    if (Number.isNaN(value)) break;
    if (distinct === 0 || value !== sorted[distinct - 1]) sorted[distinct++] = value;
  }
  const rank = new Int32Array(count);
  const bucketSizes = new Int32Array(distinct + 1);
  for (let i = 0; i < count; i++) {
    const value = values[i];
    let r: number;
    if (Number.isNaN(value)) r = distinct;
    else {
      let low = 0;
      let high = distinct - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (sorted[middle] < value) low = middle + 1;
        else high = middle;
      }
      r = descending ? distinct - 1 - low : low;
    }
    rank[i] = r;
    bucketSizes[r]++;
  }
  const next = new Int32Array(distinct + 1);
  for (let r = 1; r <= distinct; r++) next[r] = next[r - 1] + bucketSizes[r - 1];
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[next[rank[i]]++] = rowAt(i);
  return order;
}
