// The rnn features as the wizard lists them: the events columns that may be features (numeric,
// not the id, order or label), how each will enter the model, and the checks a run would
// otherwise fail on, all read from the column summaries the page already fetches
// (datasets.summary). The engine (main/engines/rnn/sequences.ts) uses a column whose every value
// is 0 or 1 as it is and standardises any other (z-score over the training customers' kept
// rows); a summary with at most two distinct values, both among 0 and 1, says the same.
import type { Response } from '../../../shared/api.ts';
import type { DataType } from '../../../shared/frame.ts';
import { formatNumber } from '../../../shared/charts/tables.ts';
import type { ColumnInfo, WizardMessage } from '../../lib/wizard.ts';

export type ColumnSummary = Response<'datasets.summary'>[number];

/** How a feature enters the model: as it is (a 0/1 flag) or standardised. */
export type Scaling = 'as is' | 'standardised';

const isFlagValue = (cell: ColumnSummary['min']) => cell === 0 || cell === 1;

/** How the engine will scale a column, undefined while its summary is not known. */
export function featureScaling(type: DataType, summary: ColumnSummary | undefined): Scaling | undefined {
  if (type === 'boolean') return 'as is';
  if (!summary) return undefined;
  return summary.distinct <= 2 && isFlagValue(summary.min) && isFlagValue(summary.max)
    ? 'as is'
    : 'standardised';
}

/** The range a summary shows ("0 to 1", "0 to 1,096"), '' when it has none. */
export function rangeText(summary: ColumnSummary | undefined): string {
  if (!summary || typeof summary.min !== 'number' || typeof summary.max !== 'number') return '';
  return summary.min === summary.max
    ? `always ${formatNumber(summary.min)}`
    : `${formatNumber(summary.min)} to ${formatNumber(summary.max)}`;
}

/** Columns that may be features: of the role's types, not one of `taken` (id, order, label). */
export function featureCandidates(
  columns: readonly ColumnInfo[],
  types: readonly DataType[],
  taken: readonly string[],
): ColumnInfo[] {
  return columns.filter((c) => (types.length === 0 || types.includes(c.type)) && !taken.includes(c.name));
}

/**
 * The features after ticking or unticking one: in the data's column order, so the same set
 * always gives the same options; chosen names that are not candidates (any more) stay at the
 * end, for the checks to name.
 */
export function toggleFeature(
  chosen: readonly string[],
  candidates: readonly ColumnInfo[],
  column: string,
  on: boolean,
): string[] {
  const wanted = new Set(chosen.filter((c) => c !== column));
  if (on) wanted.add(column);
  const names = candidates.map((c) => c.name);
  return [
    ...names.filter((n) => wanted.has(n)),
    ...chosen.filter((c) => wanted.has(c) && !names.includes(c)),
  ];
}

/** How many chosen features enter as they are and how many standardised (unknown: not summarised yet). */
export function scalingCounts(
  chosen: readonly string[],
  columns: readonly ColumnInfo[],
  summaries: readonly ColumnSummary[],
): Record<Scaling | 'unknown', number> {
  const counts = { 'as is': 0, standardised: 0, unknown: 0 };
  for (const name of chosen) {
    const column = columns.find((c) => c.name === name);
    const scaling = column
      ? featureScaling(
          column.type,
          summaries.find((s) => s.name === name),
        )
      : undefined;
    counts[scaling ?? 'unknown']++;
  }
  return counts;
}

/**
 * What the summaries say a run would refuse: a feature with missing values (the model needs one
 * in every row), a constant one that is not 0/1 (its sd is 0, so it cannot be standardised).
 * Paths `features.<i>`.
 */
export function featureChecks(
  chosen: readonly string[],
  columns: readonly ColumnInfo[],
  summaries: readonly ColumnSummary[],
): WizardMessage[] {
  const messages: WizardMessage[] = [];
  chosen.forEach((name, i) => {
    const summary = summaries.find((s) => s.name === name);
    const column = columns.find((c) => c.name === name);
    if (!summary || !column) return;
    const path = `features.${i}`;
    const add = (message: string) => messages.push({ target: 'role', name: 'features', path, message });
    if (summary.missing > 0) {
      const n = formatNumber(summary.missing);
      add(`${name} has ${n} missing value${summary.missing === 1 ? '' : 's'}: every row needs a value`);
    } else if (summary.distinct === 1 && featureScaling(column.type, summary) === 'standardised') {
      add(`${name} is ${rangeText(summary)}: a constant cannot be standardised; leave it out`);
    }
  });
  return messages;
}
