// The most frequent distinct sequences, as TraMineR's seqtab(idxs = 1:top) (unweighted):
// each customer's sequence is written in the compressed SPS form (xfix = "", sdsep = "/"):
// its spells "STATE/DURATION" joined by "-", e.g. "Store/20-Online/4", "EM/70" ("*" for missing
// periods, nothing after the journey's end); distinct
// strings are counted, percent = count / n * 100 (in that order), and they are ordered by
// count descending, ties by ascending SPS string in code-unit order (seqtab's factor levels
// sorted in the C locale, then a stable sort on the counts). rank = 1..top, ordinal.
// State names hold no "/" or "-" (the alphabet conventions), so equal strings are equal
// sequences. Cost: O(n T) to write and count the strings, O(m log m) to sort the m distinct ones.
import type { EncodedSequences } from './sequences.ts';
import { compareCodeUnits } from './sequences.ts';

export interface FrequentSequence {
  rank: number;
  /** The SPS string, e.g. "Store/20-Online/4". */
  sequence: string;
  count: number;
  percent: number;
}

/** Customer i's sequence in SPS form (spells STATE/DURATION joined by "-"). */
export function spsString(seq: EncodedSequences, i: number): string {
  const { length: T, codes, alphabet } = seq;
  const row = i * T;
  const length = seq.lengths[i];
  const spells: string[] = [];
  let t = 0;
  while (t < length) {
    const code = codes[row + t];
    let end = t + 1;
    while (end < length && codes[row + end] === code) end++;
    spells.push(`${alphabet[code]}/${end - t}`);
    t = end;
  }
  return spells.join('-');
}

export function frequentSequences(seq: EncodedSequences, top = 10): FrequentSequence[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < seq.n; i++) {
    const sps = spsString(seq, i);
    counts.set(sps, (counts.get(sps) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]));
  return sorted.slice(0, Math.max(0, top)).map(([sequence, count], r) => ({
    rank: r + 1,
    sequence,
    count,
    percent: (count / seq.n) * 100,
  }));
}
