// The line above rnn_score results: how many customers were scored with which model, the share
// the model puts at risk (churn probability of 0.5 or more), how many of the model's segments
// the new customers reached, the noise share (DBSCAN), and with labels the model's AUC on them,
// e.g. `500 customers scored with "Behavioural churn segments": 31.5% at churn probability ≥ 0.5
// · 4 of 4 segments reached · 7.6% noise · AUC 0.783 on 500 labelled`. The model's name comes
// from the run's first warning (the engine's words), the rest from the scores and metrics.
import type { Result } from '../../../shared/result.ts';
import { formatNumber, formatShare, metricValue, numericColumn } from '../../../shared/charts/tables.ts';

/** The engine's note naming the model: `scored with the model of "NAME" (run N)`. */
const modelNote = /^scored with the model of "(.*)" \(run (\d+)\)$/;

/** The name of the model's analysis and the run, from the Result's warnings. */
export function scoringModel(warnings: readonly string[]): { name: string; run: number } | undefined {
  for (const w of warnings) {
    const match = modelNote.exec(w);
    if (match) return { name: match[1]!, run: Number(match[2]) };
  }
  return undefined;
}

/** The share of scored customers at churn probability ≥ 0.5 (undefined without scores). */
export function atRiskShare(result: Result): number | undefined {
  const scores = result.tables.scores;
  if (!scores || !scores.columns.some((c) => c.name === 'churn_probability')) return undefined;
  const p = numericColumn(scores, 'churn_probability').filter(Number.isFinite);
  return p.length > 0 ? p.filter((x) => x >= 0.5).length / p.length : undefined;
}

export function rnnScoreHeadline(result: Result): string | undefined {
  const metrics = result.tables.metrics;
  const customers = metricValue(metrics, 'customers') ?? result.tables.scores?.rows.length;
  if (customers === undefined) return undefined;
  const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
  const model = scoringModel(result.warnings);
  const head = `${plural(customers, 'customer')} scored${model ? ` with "${model.name}"` : ''}`;
  const parts: string[] = [];
  const risk = atRiskShare(result);
  if (risk !== undefined) parts.push(`${formatShare(risk)} at churn probability ≥ 0.5`);
  const reached = metricValue(metrics, 'segments_reached');
  const segments = metricValue(metrics, 'model_segments');
  if (reached !== undefined && segments !== undefined)
    parts.push(`${formatNumber(reached)} of ${plural(segments, 'segment')} reached`);
  const noise = metricValue(metrics, 'noise_share');
  if (noise !== undefined && noise > 0) parts.push(`${formatShare(noise)} noise`);
  const auc = metricValue(metrics, 'auc');
  const labelled = metricValue(metrics, 'labelled_customers');
  if (auc !== undefined)
    parts.push(
      `AUC ${auc.toFixed(3)}${labelled !== undefined ? ` on ${formatNumber(labelled)} labelled` : ''}`,
    );
  return parts.length > 0 ? `${head}: ${parts.join(' · ')}` : head;
}
