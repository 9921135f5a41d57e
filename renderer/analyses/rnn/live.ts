// What the run panel says while an rnn model trains: the planned number of epochs (from the
// analysis's options) and the latest epoch's numbers, from the `training` rows the engine
// reports at the end of every epoch (job.progress `partial`).
import { rnnModelOptions } from '../../../shared/analyses/rnn.ts';
import type { PartialTable } from '../../lib/partialTables.ts';

/** The epochs the options plan (early stopping may end sooner). */
export function plannedEpochs(options: unknown): number {
  const model =
    options && typeof options === 'object' ? (options as Record<string, unknown>).model : undefined;
  const parsed = rnnModelOptions.safeParse(model ?? {});
  return parsed.success ? parsed.data.epochs : rnnModelOptions.parse({}).epochs;
}

function cellOf(table: PartialTable, row: readonly unknown[], name: string): number | undefined {
  const index = table.columns.indexOf(name);
  const value = index < 0 ? undefined : row[index];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** "Epoch 3 of 30 · loss 0.6735 (validation 0.6653) · AUC 0.720 (validation 0.676)". */
export function epochSummary(table: PartialTable | undefined, planned: number): string {
  const last = table?.rows[table.rows.length - 1];
  if (!table || !last) return `Preparing the sequences; ${planned} epochs planned`;
  const epoch = cellOf(table, last, 'epoch') ?? table.rows.length;
  const fixed = (value: number | undefined, digits: number) =>
    value === undefined ? '–' : value.toFixed(digits);
  return [
    `Epoch ${epoch} of ${planned}`,
    `loss ${fixed(cellOf(table, last, 'loss'), 4)} (validation ${fixed(cellOf(table, last, 'val_loss'), 4)})`,
    `AUC ${fixed(cellOf(table, last, 'auc'), 3)} (validation ${fixed(cellOf(table, last, 'val_auc'), 3)})`,
  ].join(' · ');
}
