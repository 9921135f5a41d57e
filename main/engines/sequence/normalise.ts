// seqdist's normalisations of a distance (TraMineR's DistanceCalculator::normalizeDistance):
//   none       d
//   maxlength  d / max(l1, l2)                       (0 when both are 0)
//   gmean      1 - (dmax - d) / (2 sqrt(l1) sqrt(l2)) (1 when exactly one length is 0)
//   maxdist    d / dmax                              (1 when dmax is 0)
//   YujianBo   2 d / (d + dmax)                      (1 when dmax is 0)
// and 0 whenever d is 0. For OM and LCS l1 = m indel, l2 = n indel (the lengths m, n) and
// dmax = |n - m| indel + maxscost min(m, n), maxscost the largest substitution cost capped at
// 2 indel (2 indel exactly for YujianBo); for HAM and DHD l1 = l2 = dmax = the sum over
// periods of the largest cost of that period. "auto" is maxlength for OM, HAM and DHD and
// gmean for LCS. Cost: O(1).
export const normCodes = { none: 0, maxlength: 1, gmean: 2, maxdist: 3, YujianBo: 4 } as const;
export type NormCode = (typeof normCodes)[keyof typeof normCodes];

export function resolveNorm(
  norm: 'none' | 'auto' | 'maxlength' | 'gmean' | 'maxdist' | 'YujianBo',
  method: 'OM' | 'HAM' | 'DHD' | 'LCS',
): NormCode {
  if (norm === 'auto') return method === 'LCS' ? normCodes.gmean : normCodes.maxlength;
  return normCodes[norm];
}

/** The largest substitution cost OM's normalisations use (OMdistance::setParameters). */
export function omMaxSubstitutionCost(
  costs: Float64Array,
  states: number,
  indel: number,
  norm: NormCode,
): number {
  if (norm === normCodes.YujianBo) return 2 * indel;
  let largest = 0;
  for (let a = 0; a < states; a++)
    for (let b = a + 1; b < states; b++)
      if (costs[a * states + b]! > largest) largest = costs[a * states + b]!;
  return Math.min(largest, 2 * indel);
}

/**
 * The normalised distance of sequences of lengths m and n. `editDistance`: OM/LCS (maxCost is
 * maxscost); otherwise HAM/DHD (maxCost is the largest possible distance).
 */
export function normaliseDistance(
  norm: NormCode,
  raw: number,
  m: number,
  n: number,
  indel: number,
  maxCost: number,
  editDistance: boolean,
): number {
  if (norm === 0 || raw === 0) return raw;
  let maxDistance: number;
  let l1: number;
  let l2: number;
  if (editDistance) {
    maxDistance = Math.abs(n - m) * indel + maxCost * Math.min(m, n);
    l1 = m * indel;
    l2 = n * indel;
  } else {
    maxDistance = maxCost;
    l1 = maxCost;
    l2 = maxCost;
  }
  switch (norm) {
    case 1:
      if (l1 > l2) return raw / l1;
      return l2 > 0 ? raw / l2 : 0;
    case 2:
      if (l1 * l2 === 0) return l1 !== l2 ? 1 : 0;
      return 1 - (maxDistance - raw) / (2 * Math.sqrt(l1) * Math.sqrt(l2));
    case 3:
      return maxDistance === 0 ? 1 : raw / maxDistance;
    default:
      return maxDistance === 0 ? 1 : (2 * raw) / (raw + maxDistance);
  }
}
