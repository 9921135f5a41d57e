// Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same items, from
// the contingency table: (sum C(n_ij,2) - E) / (mean of row and column sums - E),
// E = sum C(a_i,2) sum C(b_j,2) / C(n,2). 1 = identical partitions up to renaming.
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (a.length !== b.length) throw new Error(`ARI: ${a.length} vs ${b.length} labels`);
  const choose2 = (x: number): number => (x * (x - 1)) / 2;
  const pairs = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const ka = String(a[i]);
    const kb = String(b[i]);
    pairs.set(`${ka}\u0000${kb}`, (pairs.get(`${ka}\u0000${kb}`) ?? 0) + 1);
    rows.set(ka, (rows.get(ka) ?? 0) + 1);
    cols.set(kb, (cols.get(kb) ?? 0) + 1);
  }
  let index = 0;
  for (const count of pairs.values()) index += choose2(count);
  let rowSum = 0;
  for (const count of rows.values()) rowSum += choose2(count);
  let colSum = 0;
  for (const count of cols.values()) colSum += choose2(count);
  const expected = (rowSum * colSum) / choose2(a.length);
  const maximum = (rowSum + colSum) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
