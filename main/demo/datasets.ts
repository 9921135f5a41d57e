// The demo datasets behind `pathwise demo FILE.pathwise`: deterministic synthetic customer
// data for every analysis kind (fixed seeds, so every demo project is identical) plus the
// real Census migration tables for `flows`. Each dataset is a CSV file the demo command
// writes or imports; `bytes()` is exactly the file, `csv()` the same as text. docs/demo-data.md
// describes each one; the generators' header comments give the planted structure.
import { toCsv } from './csv.ts';
import type { DemoTable } from './csv.ts';
import { generateCustomers } from './customers.ts';
import { generateSubscriptions } from './subscriptions.ts';
import { generateJourneys } from './journeys.ts';
import { generateEvents, generateNewEvents } from './events.ts';
import { generateAppointments } from './appointments.ts';
import { generatePurchases } from './purchases.ts';
import type { DemoEncoding } from './census.ts';
import { censusFiles, censusSourceFile, readCensusBytes, readCensusText } from './census.ts';

export interface DemoDataset {
  /** Dataset name in the project, also what demoAnalyses() inputs refer to. */
  name: string;
  /** The analysis kind it is meant for. */
  kind: string;
  fileName: string;
  description: string;
  /** Where it comes from: the generator (synthetic) or the publisher and SOURCE.md (Census). */
  source: string;
  /** Encoding of bytes(): generated files are UTF-8 without BOM. */
  encoding: DemoEncoding;
  /** The CSV as text (decoded; no byte-order mark). */
  csv: () => string;
  /** The CSV file byte for byte, as it should be written to disk or imported. */
  bytes: () => Uint8Array;
}

const synthetic = 'synthetic, generated deterministically by';

function generated(
  name: string,
  kind: string,
  generator: string,
  description: string,
  table: () => DemoTable,
): DemoDataset {
  const csv = () => toCsv(table());
  return {
    name,
    kind,
    fileName: `${name}.csv`,
    description,
    source: `${synthetic} main/demo/${generator} (see docs/demo-data.md)`,
    encoding: 'utf-8',
    csv,
    bytes: () => new TextEncoder().encode(csv()),
  };
}

export function demoDatasets(): DemoDataset[] {
  const datasets: DemoDataset[] = [
    generated(
      'customers',
      'cluster',
      'customers.ts',
      '3,000 customers of a subscription retailer: orders, spend, basket, recency, tenure, email opens, ' +
        'returns and app use over 12 months, with five planted segments and a few missing values.',
      () => generateCustomers(),
    ),
    generated(
      'subscriptions',
      'multistate',
      'subscriptions.ts',
      '1,500 subscribers in msprep wide format: entry day and status for EmailUnsub (St2), Paused (St3), ' +
        'UnsubPaused (St4) and Cancelled (St5), with discount, gender, joined and age.',
      () => generateSubscriptions(),
    ),
    generated(
      'journeys',
      'sequence',
      'journeys.ts',
      "2,000 customers' purchase channel in each of 24 months (m01..m24): Store, Online, Mobile, Omni, " +
        'Lapsed or Churned (absorbing).',
      () => generateJourneys(),
    ),
    generated(
      'events',
      'rnn',
      'events.ts',
      "1,000 customers' daily interaction histories (5 to 120 rows each): cancellation-page visits, emails " +
        'sent, opened and clicked, app use, site visits and days since the previous active day.',
      () => generateEvents().events,
    ),
    generated(
      'labels',
      'rnn',
      'events.ts',
      'Whether each of the 1,000 customers in `events` churned (0/1).',
      () => generateEvents().labels,
    ),
    generated(
      'events_new',
      'rnn_score',
      'events.ts',
      "500 new customers' interaction histories, in the columns of `events` (ids 1001 to 1500, drawn " +
        'with another seed): the customers to score with the trained behavioral-sequence model.',
      () => generateNewEvents().events,
    ),
    generated(
      'labels_new',
      'rnn_score',
      'events.ts',
      'Whether each of the 500 new customers in `events_new` churned (0/1): the AUC of the model on them.',
      () => generateNewEvents().labels,
    ),
    generated(
      'appointments',
      'boruta',
      'appointments.ts',
      '1,000 clinic appointments: whether the patient showed (yes/no) with specialty, jurisdiction, business ' +
        'line, age, lead time, reminder, prior no-shows and three pure-noise columns.',
      () => generateAppointments(),
    ),
    generated(
      'transactions',
      'nmf',
      'purchases.ts',
      "600 customers' yearly purchase quantities per SKU (80 SKUs) with five planted taste groups.",
      () => generatePurchases().transactions,
    ),
    generated(
      'products',
      'nmf',
      'purchases.ts',
      'The 80 SKUs with brand, style and category.',
      () => generatePurchases().products,
    ),
  ];
  for (const file of censusFiles) {
    datasets.push({
      name: file.name,
      kind: 'flows',
      fileName: file.fileName,
      description: file.description,
      source:
        `real public-domain US Census data, copied byte for byte into main/demo/data/${file.fileName}; ` +
        `publisher, repository and commit in main/demo/data/${censusSourceFile}`,
      encoding: file.encoding,
      csv: () => readCensusText(file),
      bytes: () => readCensusBytes(file),
    });
  }
  return datasets;
}

export { demoAnalyses } from './analyses.ts';
export type { DemoAnalysis } from './analyses.ts';
