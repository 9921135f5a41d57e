// The sequence option groups `distance`, `period` (event logs) and `cluster` as small forms
// instead of JSON text: one field per key of the group's zod schema (shared/analyses/sequence.ts),
// its control decided by the generic wizard's `controlFor` (enum -> select, number -> number),
// with a label, one line of help and, for choices, plain-language help written here. A group's
// value is the object the options will hold; typed text that is not a number is kept in it as
// text (the schema refuses it and `checkGroup` says why beside the field), and an emptied field
// is left out (the schema's default applies).
import type { z } from 'zod';
import {
  sequenceDistanceOptions,
  sequenceOptions,
  sequencePeriodOptions,
} from '../../../shared/analyses/sequence.ts';
import { controlFor, type FieldControl, type WizardMessage } from '../../lib/wizard.ts';

export type OptionGroup = 'distance' | 'period' | 'cluster';
export type GroupValue = Record<string, unknown>;

export interface GroupField {
  group: OptionGroup;
  key: string;
  label: string;
  help: string;
  control: FieldControl;
  /** The schema's default (what an emptied field means); undefined when there is none. */
  defaultValue: unknown;
  /** How a select shows its choices (`most_frequent` -> "most frequent"). */
  choiceLabels?: Record<string, string>;
  /** One line per choice, shown under the select for the chosen one. */
  choiceHelp?: Record<string, string>;
  schema: z.ZodType;
}

interface FieldText {
  label: string;
  help: string;
  choiceLabels?: Record<string, string>;
  choiceHelp?: Record<string, string>;
}

type DistanceKey = keyof z.infer<typeof sequenceDistanceOptions>;
type PeriodKey = keyof z.infer<typeof sequencePeriodOptions>;
const clusterSchema = sequenceOptions.shape.cluster.unwrap();
type ClusterKey = keyof z.infer<typeof clusterSchema>;

/** The distances in plain language (TraMineR's seqdist methods). */
export const methodText: Record<
  z.infer<typeof sequenceDistanceOptions>['method'],
  { label: string; help: string }
> = {
  OM: {
    label: 'Optimal matching (OM)',
    help: 'Edits: inserting or deleting a period costs the indel cost, replacing a state costs its substitution cost. Good for journeys that shift in time.',
  },
  HAM: {
    label: 'Hamming (HAM)',
    help: 'Period by period, no shifting: the substitution costs of the periods that differ.',
  },
  DHD: {
    label: 'Dynamic Hamming (DHD)',
    help: 'Period by period, with costs that depend on when the change happens (transition rates around that period).',
  },
  LCS: {
    label: 'Longest common subsequence (LCS)',
    help: 'The longest shared sub-journey: the states both go through in the same order. No costs to set.',
  },
};

const distanceText: Record<DistanceKey, FieldText> = {
  method: { label: 'Distance', help: 'How unlike two journeys are.' },
  sm: {
    label: 'Substitution costs',
    help: 'What replacing one state by another costs.',
    choiceLabels: { TRATE: 'from transition rates (TRATE)', CONSTANT: 'constant' },
    choiceHelp: {
      TRATE:
        '2 minus the rates of moving between the two states: states customers often move between are cheap to swap.',
      CONSTANT: 'Every replacement costs the same.',
    },
  },
  cost: { label: 'Substitution cost', help: 'The cost of replacing any state by another.' },
  indel: {
    label: 'Indel cost',
    help: 'Inserting or deleting one period. Half the substitution cost or less: shifting in time is cheap.',
  },
  norm: {
    label: 'Normalisation',
    help: 'Scales each distance so that journeys of different lengths compare.',
    choiceLabels: { none: 'none', auto: 'auto', maxlength: 'max length', gmean: 'geometric mean' },
    choiceHelp: {
      none: 'The distances as they come.',
      auto: 'Max length for OM, HAM and DHD, geometric mean for LCS.',
      maxlength: 'Divided by the longer journey’s largest possible distance.',
      gmean: '1 minus the shared part over the geometric mean of the two lengths (LCS).',
      maxdist: 'Divided by the largest possible distance between the two journeys.',
      YujianBo: 'Yujian and Bo’s metric: 2d / (indel × (|x| + |y|) + d), between 0 and 1.',
    },
  },
};

const periodText: Record<PeriodKey, FieldText> = {
  unit: { label: 'Period unit', help: 'The calendar unit periods are counted in.' },
  every: { label: 'Units per period', help: 'e.g. 3 with months: quarters.' },
  rule: {
    label: 'State of a period',
    help: 'When a period holds several events.',
    choiceLabels: { last: 'the last event’s', most_frequent: 'the most frequent' },
    choiceHelp: {
      last: 'The state of the period’s last event.',
      most_frequent: 'The state most of its events give (a tie: the later one).',
    },
  },
  start: {
    label: 'Period 1 starts',
    help: 'Where counting starts.',
    choiceLabels: {
      calendar: 'at the earliest event in the data',
      first_event: 'at each customer’s first event',
    },
    choiceHelp: {
      calendar: 'Journeys aligned on the calendar: period 1 is the same month for everyone.',
      first_event: 'Journeys aligned on their start: period 1 is each customer’s first.',
    },
  },
  fill: {
    label: 'A period without events',
    help: 'Between two events.',
    choiceLabels: { missing: 'is missing', previous: 'keeps the state before' },
    choiceHelp: {
      missing: 'Missing (see “Missing periods” below).',
      previous: 'The state lasts until an event changes it.',
    },
  },
  max_periods: { label: 'At most', help: 'Periods per customer; later ones are dropped.' },
};

const clusterText: Partial<Record<ClusterKey, FieldText>> = {
  k: {
    label: 'Clusters (k)',
    help: 'Where Ward’s tree is cut. After a run, the quality table offers other k in one click.',
  },
  k_max: { label: 'Quality up to k', help: 'The quality table scores k = 2 to this.' },
};

function fieldsOf<Key extends string>(
  group: OptionGroup,
  shape: Record<Key, z.ZodType>,
  texts: Partial<Record<Key, FieldText>>,
): GroupField[] {
  return (Object.keys(texts) as Key[]).map((key) => {
    const schema = shape[key];
    const parsed = schema.safeParse(undefined);
    return {
      group,
      key,
      ...texts[key]!,
      control: controlFor(schema),
      defaultValue: parsed.success ? parsed.data : undefined,
      schema,
    };
  });
}

export const distanceFields = fieldsOf('distance', sequenceDistanceOptions.shape, distanceText);
export const periodFields = fieldsOf('period', sequencePeriodOptions.shape, periodText);
export const clusterFields = fieldsOf('cluster', clusterSchema.shape, clusterText);

export function fieldOf(fields: readonly GroupField[], key: string): GroupField {
  const field = fields.find((f) => f.key === key);
  if (!field) throw new Error(`no option ${key}`);
  return field;
}

/** The group's object in the wizard's structured options ({} when absent). */
export function groupValue(structured: Readonly<Record<string, unknown>>, group: OptionGroup): GroupValue {
  const value = structured[group];
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as GroupValue) } : {};
}

/** A key's value now: the group's, else the default. */
export function currentValue(field: GroupField, value: GroupValue): unknown {
  return value[field.key] === undefined ? field.defaultValue : value[field.key];
}

/** The distance's keys that matter for its method (the others are not shown, nor checked). */
export function distanceShown(value: GroupValue): (field: GroupField) => boolean {
  const method = String(currentValue(fieldOf(distanceFields, 'method'), value));
  const sm = String(currentValue(fieldOf(distanceFields, 'sm'), value));
  const costs = method === 'OM' || method === 'HAM';
  return (field) => {
    switch (field.key) {
      case 'method':
      case 'norm':
        return true;
      case 'sm':
        return costs;
      case 'cost':
        return costs && sm === 'CONSTANT';
      case 'indel':
        return method === 'OM';
      default:
        return false;
    }
  };
}

/** The distance after choosing a method: DHD takes transition-rate costs only. */
export function setMethod(value: GroupValue, method: string): GroupValue {
  const next: GroupValue = { ...value, method };
  if (method === 'DHD') {
    next.sm = 'TRATE';
    delete next.cost;
  }
  return next;
}

/** TraMineR's constant cost when none is typed: 2 for OM, 1 for HAM. */
export function defaultCost(value: GroupValue): number {
  return currentValue(fieldOf(distanceFields, 'method'), value) === 'HAM' ? 1 : 2;
}

/** A value as its box shows it ("0.5", "OM"); '' when left out. */
export function valueText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

/** The group after typing `text` into a number field. */
export function typeField(value: GroupValue, field: GroupField, text: string): GroupValue {
  const trimmed = text.trim();
  if (trimmed === '') return Object.fromEntries(Object.entries(value).filter(([key]) => key !== field.key));
  const number = Number(trimmed);
  return { ...value, [field.key]: Number.isFinite(number) ? number : trimmed };
}

/** The group after choosing in a select. */
export function setChoice(value: GroupValue, field: GroupField, choice: string): GroupValue {
  const next = { ...value, [field.key]: choice };
  if (field.group === 'distance' && field.key === 'sm' && choice !== 'CONSTANT') delete next.cost;
  return next;
}

/** What is wrong with one field's value, or undefined. */
export function fieldProblem(field: GroupField, value: GroupValue): string | undefined {
  const v = value[field.key];
  if (v === undefined) return undefined;
  const control = field.control;
  if (control.control === 'select')
    return control.choices.includes(String(v)) ? undefined : `choose one of ${control.choices.join(', ')}`;
  if (control.control !== 'number') return undefined;
  if (typeof v === 'string') return `"${v}" is not a number`;
  if (typeof v !== 'number') return 'type a number';
  if (control.integer && !Number.isInteger(v)) return 'a whole number';
  const parsed = field.schema.safeParse(v);
  if (parsed.success) return undefined;
  const message = parsed.error.issues[0]?.message ?? 'not allowed';
  if (!/^(Too (small|big)|Invalid)/.test(message)) return message;
  if (control.min !== undefined && v < control.min) return `at least ${control.min}`;
  if (control.max !== undefined && v > control.max) return `at most ${control.max}`;
  return 'not allowed here';
}

/** Messages for the group's shown fields, at `distance.indel`, `cluster.k`, .... */
export function checkGroup(
  fields: readonly GroupField[],
  value: GroupValue,
  shown: (field: GroupField) => boolean = () => true,
): WizardMessage[] {
  return fields.filter(shown).flatMap((field) => {
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
