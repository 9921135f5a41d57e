// The rnn option groups `model` and `cluster` as small forms instead of JSON text: one field per
// key of the group's zod schema (shared/analyses/rnn.ts), its control decided by the generic
// wizard's `controlFor`, with a label and one line of help written here. A group's value is the
// object the options will hold; typed text that is not a number is kept in it as text (the
// schema refuses it and `checkGroup` says why beside the field), an emptied field is left out
// (the schema's default applies), and eps with Auto unticked and nothing typed is '' (refused).
import type { z } from 'zod';
import { rnnClusterOptions, rnnModelOptions } from '../../../shared/analyses/rnn.ts';
import { controlFor, type FieldControl, type WizardMessage } from '../../lib/wizard.ts';

export type OptionGroup = 'model' | 'cluster';
export type GroupValue = Record<string, unknown>;

export interface GroupField {
  group: OptionGroup;
  key: string;
  label: string;
  help: string;
  control: FieldControl;
  /** The schema's default (what an emptied field means). */
  defaultValue: unknown;
  /** How a select shows its choices (`gru` -> "GRU"). */
  choiceLabels?: Record<string, string>;
  /** Shown only while another key of the group has one of these values (eps only for DBSCAN). */
  when?: { key: string; is: readonly string[] };
  schema: z.ZodType;
}

interface FieldText {
  label: string;
  help: string;
  choiceLabels?: Record<string, string>;
  when?: { key: string; is: readonly string[] };
}

const modelText: Record<keyof z.infer<typeof rnnModelOptions>, FieldText> = {
  cell: {
    label: 'Recurrent cell',
    help: 'GRU, as the reference model; LSTM adds a memory cell and trains slower.',
    choiceLabels: { gru: 'GRU', lstm: 'LSTM' },
  },
  units: {
    label: 'Recurrent units',
    help: 'Size of the state that reads the sequence; more remember more, train slower.',
  },
  dense_units: {
    label: 'Encoding size',
    help: "Units of the dense layer after the state: each customer's encoding, where segments are found.",
  },
  epochs: {
    label: 'Epochs',
    help: 'Most passes over the training customers; early stopping usually ends sooner.',
  },
  batch_size: { label: 'Batch size', help: 'Customers per weight update.' },
  learning_rate: { label: 'Learning rate', help: "Adam's step size; lower it if the loss jumps about." },
  validation_split: {
    label: 'Validation share',
    help: 'The last customers (in order of first appearance) held out to judge each epoch.',
  },
  patience: {
    label: 'Patience',
    help: 'Epochs without a lower validation loss before stopping; the best epoch is kept.',
  },
  max_length: { label: 'Rows per customer', help: 'The most recent rows kept of a longer history.' },
  seed: {
    label: 'Seed',
    help: 'Fixes the starting weights, the shuffles and k-means: same seed, same result.',
  },
  class_weight: {
    label: 'Class weights',
    help: 'balanced weighs churners and stayers equally when churn is rare; none takes the data as it is.',
  },
};

const clusterText: Record<keyof z.infer<typeof rnnClusterOptions>, FieldText> = {
  method: {
    label: 'Method',
    help: 'DBSCAN finds dense groups and leaves outliers as noise (segment 0); k-means makes k segments.',
    choiceLabels: { dbscan: 'DBSCAN', kmeans: 'k-means' },
  },
  eps: {
    label: 'Radius (eps)',
    help: 'How close two encodings must be to be neighbours; Auto takes the knee of the k-distance curve.',
    when: { key: 'method', is: ['dbscan'] },
  },
  min_pts: {
    label: 'Min. neighbours',
    help: 'Neighbours within eps (the customer counted) that make a core customer.',
    when: { key: 'method', is: ['dbscan'] },
  },
  k: {
    label: 'Segments (k)',
    help: 'How many segments k-means makes.',
    when: { key: 'method', is: ['kmeans'] },
  },
};

function fieldsOf(group: OptionGroup, shape: Record<string, z.ZodType>, texts: Record<string, FieldText>) {
  return Object.entries(texts).map(([key, text]): GroupField => {
    const schema = shape[key]!;
    const parsed = schema.safeParse(undefined);
    return {
      group,
      key,
      ...text,
      control: controlFor(schema),
      defaultValue: parsed.success ? parsed.data : undefined,
      schema,
    };
  });
}

export const modelFields: GroupField[] = fieldsOf('model', rnnModelOptions.shape, modelText);
export const clusterFields: GroupField[] = fieldsOf('cluster', rnnClusterOptions.shape, clusterText);

/** The group's object in the wizard's structured options ({} when absent). */
export function groupValue(structured: Readonly<Record<string, unknown>>, group: OptionGroup): GroupValue {
  const value = structured[group];
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as GroupValue) } : {};
}

/** A key's value now: the group's, else the default. */
export function currentValue(field: GroupField, value: GroupValue): unknown {
  return value[field.key] === undefined ? field.defaultValue : value[field.key];
}

/** The fields shown for the group's current values (`when` applied). */
export function visibleGroupFields(fields: readonly GroupField[], value: GroupValue): GroupField[] {
  return fields.filter((field) => {
    if (!field.when) return true;
    const other = fields.find((f) => f.key === field.when!.key);
    const now = other ? currentValue(other, value) : undefined;
    return field.when.is.includes(String(now));
  });
}

function hasAuto(field: GroupField): boolean {
  return (field.control.control === 'number' || field.control.control === 'text') && field.control.auto;
}

/** Whether a field with an Auto box is on Auto (also when left out and its default is 'auto'). */
export function isAuto(field: GroupField, value: GroupValue): boolean {
  return hasAuto(field) && currentValue(field, value) === 'auto';
}

/** What a text box shows for the key: the number, the typed text, '' when left out or Auto. */
export function fieldText(field: GroupField, value: GroupValue): string {
  const v = value[field.key];
  if (v === undefined || v === null || (hasAuto(field) && v === 'auto')) return '';
  return String(v);
}

/** A value as its text box would show it ("0.001", "auto"). */
export function valueText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

/** The group after typing `text` into a number field. */
export function typeField(value: GroupValue, field: GroupField, text: string): GroupValue {
  const trimmed = text.trim();
  if (trimmed === '') {
    // Emptied: the default applies, except beside an unticked Auto (which would turn it back on).
    return hasAuto(field) ? { ...value, [field.key]: '' } : withoutKey(value, field.key);
  }
  const number = Number(trimmed);
  return { ...value, [field.key]: Number.isFinite(number) ? number : trimmed };
}

/** The group after ticking or unticking Auto; unticked, the field takes `fallback` or stays empty. */
export function setAuto(value: GroupValue, field: GroupField, on: boolean, fallback?: number): GroupValue {
  return { ...value, [field.key]: on ? 'auto' : (fallback ?? '') };
}

/** The group after choosing in a select (a choice that is the schema's number goes back as one). */
export function setChoice(value: GroupValue, field: GroupField, choice: string): GroupValue {
  const number = typeof field.defaultValue === 'number' ? Number(choice) : NaN;
  return { ...value, [field.key]: Number.isFinite(number) ? number : choice };
}

/** The group with one key back at its default. */
export function resetField(value: GroupValue, field: GroupField): GroupValue {
  return withoutKey(value, field.key);
}

/** A copy of a record without one key. */
export function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** Whether the key holds something other than its default. */
export function differsFromDefault(field: GroupField, value: GroupValue): boolean {
  const v = value[field.key];
  return v !== undefined && v !== field.defaultValue;
}

function zodDefault(message: string): boolean {
  return /^(Too (small|big)|Invalid)/.test(message);
}

/** What is wrong with one field's value, or undefined. */
export function fieldProblem(field: GroupField, value: GroupValue): string | undefined {
  const v = value[field.key];
  if (v === undefined) return undefined;
  const control = field.control;
  if (control.control === 'select') {
    return control.choices.includes(String(v)) ? undefined : `choose one of ${control.choices.join(', ')}`;
  }
  if (control.control !== 'number') return undefined;
  if (control.auto && v === 'auto') return undefined;
  if (typeof v === 'string') return v === '' ? 'type a number, or tick Auto' : `"${v}" is not a number`;
  if (typeof v !== 'number') return 'type a number';
  if (control.integer && !Number.isInteger(v)) return 'a whole number';
  const parsed = field.schema.safeParse(v);
  if (parsed.success) return undefined;
  const message = parsed.error.issues[0]?.message ?? 'not allowed';
  if (!zodDefault(message)) return message;
  if (control.min !== undefined && v < control.min) return `at least ${control.min}`;
  if (control.max !== undefined && v > control.max) return `at most ${control.max}`;
  return 'not allowed here';
}

/** Messages for the group's shown fields, at `model.units`, `cluster.eps`, .... */
export function checkGroup(fields: readonly GroupField[], value: GroupValue): WizardMessage[] {
  return visibleGroupFields(fields, value).flatMap((field) => {
    const problem = fieldProblem(field, value);
    if (problem === undefined) return [];
    const path = `${field.group}.${field.key}`;
    return [{ target: 'option' as const, name: field.group, path, message: `${field.label}: ${problem}` }];
  });
}

/** The anchors of a group's messages (the group, then each key), for `placeMessages`. */
export function groupAnchors(fields: readonly GroupField[]): string[] {
  const group = fields[0]?.group;
  return group ? [group, ...fields.map((f) => `${f.group}.${f.key}`)] : [];
}
