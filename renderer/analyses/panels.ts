// What an analysis's folder may say about how its results are shown: which tables open by
// default (long per-customer tables start folded), and an optional summary line.
import type { Result } from '../../shared/result.ts';

export interface AnalysisPanels {
  /** Tables shown open; the others start folded (their charts and CSV export still work). */
  openTables?: string[];
  /** One line above the results, e.g. "4 segments, silhouette 0.62". */
  headline?: (result: Result) => string | undefined;
}
