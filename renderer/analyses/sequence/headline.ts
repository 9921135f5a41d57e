// The line above sequence results, e.g. "1,000 customers · 734 distinct journeys · 24 periods ·
// 4 clusters (ASW 0.42) · OM, TRATE costs": customers from the cluster sizes (else the clusters
// table), distinct journeys from the journeys written in the clusters table, periods from the
// entropy table (one row a period), the ASW of the chosen k from the quality table, and the
// distance and its costs from the options as run.
import type { Result, Table } from '../../../shared/result.ts';
import { sequenceDistanceOptions } from '../../../shared/analyses/sequence.ts';
import { columnCells, formatNumber, metricValue, toNumber } from '../../../shared/charts/tables.ts';
import { aswAt, clusterK, qualityTable } from './quality.ts';

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

function hasColumn(table: Table | undefined, name: string): table is Table {
  return !!table && table.columns.some((c) => c.name === name);
}

function customersOf(result: Result): number | undefined {
  const { cluster_sizes: sizes, clusters } = result.tables;
  if (hasColumn(sizes, 'customers'))
    return columnCells(sizes, 'customers')
      .map(toNumber)
      .reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
  return clusters?.rows.length;
}

function distinctJourneys(result: Result): number | undefined {
  const metric = metricValue(result.tables.metrics, 'distinct_sequences');
  if (metric !== undefined) return metric;
  const clusters = result.tables.clusters;
  const column = ['sequence', 'journey'].find((name) => hasColumn(clusters, name));
  return clusters && column ? new Set(columnCells(clusters, column)).size : undefined;
}

/** "OM, TRATE costs", "HAM, constant costs 1", "LCS", with the normalisation when there is one. */
export function distanceText(options: unknown): string {
  const raw =
    options && typeof options === 'object' ? (options as Record<string, unknown>).distance : undefined;
  const parsed = sequenceDistanceOptions.safeParse(raw ?? {});
  if (!parsed.success) return '';
  const { method, sm, cost, norm } = parsed.data;
  let text: string = method;
  if (method === 'DHD') text += ', time-varying TRATE costs';
  else if (method !== 'LCS')
    text +=
      sm === 'TRATE'
        ? ', TRATE costs'
        : `, constant costs ${formatNumber(cost ?? (method === 'HAM' ? 1 : 2))}`;
  if (norm !== 'none') text += `, normalised (${norm})`;
  return text;
}

export function sequenceHeadline(result: Result): string | undefined {
  const parts: string[] = [];
  const customers = customersOf(result);
  if (customers !== undefined) parts.push(plural(customers, 'customer'));
  const journeys = distinctJourneys(result);
  if (journeys !== undefined) parts.push(plural(journeys, 'distinct journey'));
  const periods = result.tables.entropy?.rows.length;
  if (periods !== undefined) parts.push(plural(periods, 'period'));
  const k = result.tables.cluster_sizes?.rows.length ?? clusterK(result.options);
  const asw = aswAt(qualityTable(result.tables.cluster_quality), k);
  parts.push(`${plural(k, 'cluster')}${asw === undefined ? '' : ` (ASW ${asw.toFixed(2)})`}`);
  const distance = distanceText(result.options);
  if (distance) parts.push(distance);
  return parts.join(' · ');
}
