// Scoring new customers with a trained rnn model (issue 6), the page's side: which columns the
// model reads (id, order, features in its order, label: from the options of the rnn analysis's
// last finished run, else its saved options), the model an `rnn_score` option names (by name
// first, then by id, as main resolves it), the new table's columns matched to the model's by
// name, and the options, inputs and name of the scoring analysis. Pure, so it is unit-tested;
// the "Score new customers…" dialog (analyses/rnn/ScoreNew.svelte) and the rnn_score wizard
// section both use it.
import { rnnOptions } from '../../../shared/analyses/rnn.ts';
import { rnnScoreDefinition } from '../../../shared/analyses/rnn-score.ts';
import type { Response } from '../../../shared/api.ts';
import type { RoleSpec } from '../../../shared/analyses/define.ts';
import {
  buildWizard,
  validateWizard,
  type ColumnInfo,
  type WizardMessage,
  type WizardModel,
  type WizardState,
} from '../../lib/wizard.ts';

type Analysis = Response<'analyses.list'>[number];
type Run = Response<'runs.list'>[number];

/** The columns a trained model reads (its analysis's options). */
export interface ModelColumns {
  id: string;
  order: string;
  features: string[];
  target: string;
}

/** The new table's column for each of the model's ('' where none is chosen). */
export interface ColumnMapping {
  id: string;
  order: string;
  /** One per model feature, in the model's order. */
  features: string[];
  /** The churn label ('' = none: no AUC). */
  target: string;
}

/** One row of the mapping table (MappingTable.svelte): a model column and the new table's column for it. */
export interface MappingRow {
  /** The option path of the row (`id`, `features.2`): messages and changes are keyed by it. */
  path: string;
  /** The model's column. */
  column: string;
  /** What it is for the model (customer id, order, feature, label). */
  what: string;
  value: string;
  choices: readonly ColumnInfo[];
  optional?: boolean;
  messages?: readonly string[];
}

/** A behavioral-sequence analysis offered as a model, with its last finished run if any. */
export interface ModelChoice {
  analysis: Analysis;
  run?: Run;
  /** What the model reads: the finished run's options, else the analysis's saved options. */
  columns?: ModelColumns;
}

/** The model's columns from rnn options (a run's or an analysis's); undefined if they do not parse. */
export function modelColumnsOf(options: unknown): ModelColumns | undefined {
  const parsed = rnnOptions.safeParse(options);
  if (!parsed.success) return undefined;
  const { id, order, features, target } = parsed.data;
  return { id, order, features: [...features], target };
}

/** The run whose model is applied: the newest finished one. */
export function latestFinishedRun(runs: readonly Run[]): Run | undefined {
  return [...runs].filter((r) => r.status === 'done').sort((a, b) => b.id - a.id)[0];
}

/** An rnn analysis as a model choice: what it reads, from its last finished run when it has one. */
export function modelChoice(analysis: Analysis, runs: readonly Run[]): ModelChoice {
  const run = latestFinishedRun(runs);
  const columns = (run ? modelColumnsOf(run.options) : undefined) ?? modelColumnsOf(analysis.options);
  return { analysis, ...(run ? { run } : {}), ...(columns ? { columns } : {}) };
}

/** The analysis an rnn_score `model` option names: by name first, then a whole number as an id (as main). */
export function resolveModel(
  ref: string | number | undefined,
  analyses: readonly Analysis[],
): Analysis | undefined {
  if (ref === undefined || ref === '') return undefined;
  const text = String(ref);
  const byName = analyses.find((a) => a.name === text);
  if (byName) return byName;
  return /^\d+$/.test(text) ? analyses.find((a) => a.id === Number(text)) : undefined;
}

const roles = rnnScoreDefinition.roles as Record<string, RoleSpec>;

/** A column of the allowed types of a role with exactly this name, else ''. */
function sameName(name: string, columns: readonly ColumnInfo[], role: string): string {
  const types = roles[role]?.types ?? [];
  const column = columns.find((c) => c.name === name);
  return column && (types.length === 0 || types.includes(column.type)) ? column.name : '';
}

/**
 * The new table's columns matched to the model's by name: id, order and features in the events,
 * the label in the labels table when one is chosen, else in the events (none when absent).
 */
export function matchColumns(
  model: ModelColumns,
  events: readonly ColumnInfo[],
  labels?: readonly ColumnInfo[],
): ColumnMapping {
  return {
    id: sameName(model.id, events, 'id'),
    order: sameName(model.order, events, 'order'),
    features: model.features.map((f) => sameName(f, events, 'features')),
    target: sameName(model.target, labels ?? events, 'target'),
  };
}

/** Whether every column the model needs has one in the new table (the label is optional). */
export function mappingComplete(mapping: ColumnMapping): boolean {
  return mapping.id !== '' && mapping.order !== '' && mapping.features.every((f) => f !== '');
}

/** The rnn_score options: the model (its id) and the mapped columns, the label only when chosen. */
export function scoreOptions(modelId: number | string, mapping: ColumnMapping): Record<string, unknown> {
  return {
    model: modelId,
    id: mapping.id,
    order: mapping.order,
    features: [...mapping.features],
    ...(mapping.target ? { target: mapping.target } : {}),
  };
}

/** The rnn_score inputs: the events to score and, when chosen, their labels. */
export function scoreInputs(events: string, labels: string): Record<string, string> {
  return labels ? { events, labels } : { events };
}

/** The scoring analysis's name, e.g. `Scores: events_new (Behavioural churn segments)`. */
export function scoreName(dataset: string, modelName: string): string {
  const name = `Scores: ${dataset} (${modelName})`;
  return name.length <= 200 ? name : `${name.slice(0, 199)}…`;
}

/**
 * The events table a Score dialog starts on: the first dataset the model was not trained on
 * that has every column it reads by name, else the first with its id column, else the first
 * other one; the training events when there is no other.
 */
export function defaultScoreDataset(
  datasets: readonly { name: string; columns: readonly ColumnInfo[] }[],
  trainedOn: readonly string[],
  model: ModelColumns,
): string {
  const others = datasets.filter((d) => !trainedOn.includes(d.name));
  const complete = others.find((d) => mappingComplete(matchColumns(model, d.columns)));
  const withId = others.find((d) => d.columns.some((c) => c.name === model.id));
  return complete?.name ?? withId?.name ?? others[0]?.name ?? trainedOn[0] ?? datasets[0]?.name ?? '';
}

const modelWords: Record<string, string> = { id: 'customer id', order: 'order column', target: 'label' };

/**
 * Messages for the model columns no column is chosen for, at their option paths (`id`,
 * `features.2`): the label is optional, so it has none.
 */
export function mappingMessages(model: ModelColumns, mapping: ColumnMapping): WizardMessage[] {
  const out: WizardMessage[] = [];
  const at = (path: string, message: string) =>
    out.push({ target: 'role', name: path.split('.')[0]!, path, message });
  if (!mapping.id) at('id', `choose the column of the model's ${modelWords.id} (${model.id})`);
  if (!mapping.order) at('order', `choose the column of the model's ${modelWords.order} (${model.order})`);
  model.features.forEach((feature, i) => {
    if (!mapping.features[i]) at(`features.${i}`, `choose the column of the model's feature "${feature}"`);
  });
  return out;
}

/** The wizard model of rnn_score (what its page checks are made with). */
export const scoreWizard: WizardModel = buildWizard(rnnScoreDefinition, { owned: ['model', 'features'] });

/** A wizard state holding these inputs, columns and model (for the page's own checks). */
export function scoreState(
  modelRef: string,
  events: string,
  labels: string,
  mapping: ColumnMapping,
): WizardState {
  return {
    inputs: scoreInputs(events, labels),
    roles: { id: mapping.id, order: mapping.order, features: [...mapping.features], target: mapping.target },
    values: { model: modelRef },
    auto: {},
    structured: {},
  };
}

/**
 * The page's checks of a scoring set-up: unmatched model columns first, then the wizard's own
 * (columns of the right types in the datasets, the id in the labels table too, the schema),
 * leaving out what an unmatched column already says (an empty cell is "no column" there too).
 */
export function checkScoring(
  model: ModelColumns,
  state: WizardState,
  mapping: ColumnMapping,
  columnsOf: (dataset: string) => readonly ColumnInfo[] | undefined,
): WizardMessage[] {
  const own = mappingMessages(model, mapping);
  const taken = new Set(own.map((m) => m.path));
  return [
    ...own,
    ...validateWizard(rnnScoreDefinition, scoreWizard, state, columnsOf).filter((m) => !taken.has(m.path)),
  ];
}

/** The behavioral-sequence analyses of the project as model choices (runs fetched per analysis). */
export async function loadModelChoices(
  analyses: readonly Analysis[],
  runsOf: (analysisId: number) => Promise<readonly Run[]>,
): Promise<ModelChoice[]> {
  const rnn = analyses.filter((a) => a.kind === 'rnn');
  const runs = await Promise.all(rnn.map((a) => runsOf(a.id)));
  return rnn.map((analysis, i) => modelChoice(analysis, runs[i] ?? []));
}

/** Columns a role takes (its types), of a table. */
function offered(role: string, columns: readonly ColumnInfo[]): ColumnInfo[] {
  const types = roles[role]?.types ?? [];
  return types.length === 0 ? [...columns] : columns.filter((c) => types.includes(c.type));
}

/**
 * The mapping table's rows: the customer id, the order, each feature in the model's order and
 * the label (optional; from the labels table when one is chosen), with the columns each may take
 * and the messages at its path. `only: 'features'` gives the feature rows alone.
 */
export function mappingRows(
  model: ModelColumns,
  mapping: ColumnMapping,
  events: readonly ColumnInfo[],
  labels: readonly ColumnInfo[] | undefined,
  messagesAt: (path: string) => readonly string[] = () => [],
  only?: 'features',
): MappingRow[] {
  const row = (path: string, column: string, what: string, value: string, role: string, from = events) => ({
    path,
    column,
    what,
    value,
    choices: offered(role, from),
    messages: messagesAt(path),
  });
  const features = model.features.map((f, i) =>
    row(`features.${i}`, f, `feature ${i + 1}`, mapping.features[i] ?? '', 'features'),
  );
  if (only === 'features') return features;
  return [
    row('id', model.id, 'customer id', mapping.id, 'id'),
    row('order', model.order, 'order', mapping.order, 'order'),
    ...features,
    {
      ...row('target', model.target, 'churn label', mapping.target, 'target', labels ?? events),
      optional: true,
    },
  ];
}

/** The mapping with the column at one row's path changed. */
export function setMapped(mapping: ColumnMapping, path: string, column: string): ColumnMapping {
  const next: ColumnMapping = { ...mapping, features: [...mapping.features] };
  const [key, index] = path.split('.');
  if (key === 'features' && index !== undefined) next.features[Number(index)] = column;
  else if (key === 'id' || key === 'order' || key === 'target') next[key] = column;
  return next;
}
