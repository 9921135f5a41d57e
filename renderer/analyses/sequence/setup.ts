// The sequence wizard's set-up as the page's WizardState holds it (lib/wizard.ts): the data shape
// (option `format`, a select field), the column roles of that shape (wide: id and the period
// columns; long: id, period and state; event log: id, timestamp and state), the alphabet and
// the colours the analyst set (structured options `alphabet` and `colors`, the latter only for
// the states whose colour was changed: the others keep the chart palette's). Pure functions:
// the section reads and writes the state through them.
import type { ColumnInfo, RoleValue, WizardState } from '../../lib/wizard.ts';

export type SequenceFormat = 'wide' | 'long' | 'events';

export interface FormatChoice {
  value: SequenceFormat;
  label: string;
  /** One line of plain language: what a row of such a table is. */
  help: string;
  /** The roles this shape uses, in the order they are shown. */
  roles: readonly ('id' | 'columns' | 'time' | 'state')[];
}

export const formatChoices: readonly FormatChoice[] = [
  {
    value: 'wide',
    label: 'Wide',
    help: 'One row per customer, one column per period (e.g. m01 … m24) holding the state in that period.',
    roles: ['id', 'columns'],
  },
  {
    value: 'long',
    label: 'Long',
    help: 'One row per customer and period: a customer id, the period, and the state in that period.',
    roles: ['id', 'time', 'state'],
  },
  {
    value: 'events',
    label: 'Event log',
    help: 'One row per event: a customer id, when it happened, and the state it puts the customer in; grouped into periods below.',
    roles: ['id', 'time', 'state'],
  },
];

export function formatOf(values: Readonly<WizardState>): SequenceFormat {
  const format = values.values.format;
  return format === 'long' || format === 'events' ? format : 'wide';
}

/** The chosen columns of a role ([] when none), as the role holds them. */
export function roleList(value: RoleValue | undefined): string[] {
  if (Array.isArray(value)) return [...value];
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** A column role's one column ('' when none). */
export function roleColumn(value: RoleValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** The period columns a wide table offers: every column but the id. */
export function periodCandidates(columns: readonly ColumnInfo[], id: string): ColumnInfo[] {
  return columns.filter((c) => c.name !== id);
}

/** Chosen columns in the data's column order (unknown names, e.g. of another dataset, dropped). */
export function inDataOrder(chosen: readonly string[], columns: readonly ColumnInfo[]): string[] {
  const wanted = new Set(chosen);
  return columns.filter((c) => wanted.has(c.name)).map((c) => c.name);
}

/** The period columns with one more or one fewer, kept in the data's order. */
export function togglePeriod(
  chosen: readonly string[],
  columns: readonly ColumnInfo[],
  column: string,
  on: boolean,
): string[] {
  const next = on ? [...chosen, column] : chosen.filter((c) => c !== column);
  return inDataOrder(next, columns);
}

/**
 * The candidate columns from `first` to `last` inclusive, in the data's order (either way
 * round); [] when either is not a candidate.
 */
export function columnRange(columns: readonly ColumnInfo[], first: string, last: string): string[] {
  const a = columns.findIndex((c) => c.name === first);
  const b = columns.findIndex((c) => c.name === last);
  if (a < 0 || b < 0) return [];
  return columns.slice(Math.min(a, b), Math.max(a, b) + 1).map((c) => c.name);
}

/** The columns whose cells are states: the period columns (wide) or the state column. */
export function stateColumns(values: Readonly<WizardState>): string[] {
  return formatOf(values) === 'wide' ? roleList(values.roles.columns) : roleList(values.roles.state);
}

/** Code-unit order, the engine's (and seqdef's in the C locale) order of the alphabet. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct states of several columns, in code-unit order. */
export function foundStates(
  distinct: Readonly<Record<string, readonly string[]>>,
  columns: readonly string[],
): string[] {
  const states = new Set<string>();
  for (const column of columns) for (const state of distinct[column] ?? []) states.add(state);
  return [...states].sort(compareCodeUnits);
}

/** The alphabet the analyst set (`alphabet`), undefined when left to the data. */
export function savedAlphabet(structured: Readonly<Record<string, unknown>>): string[] | undefined {
  const alphabet = structured.alphabet;
  return Array.isArray(alphabet) ? alphabet.filter((s): s is string => typeof s === 'string') : undefined;
}

/**
 * The alphabet to show: the saved order of the states still found, then the states found that
 * it does not list (code-unit order); the found states sorted when nothing is saved.
 */
export function effectiveAlphabet(saved: readonly string[] | undefined, found: readonly string[]): string[] {
  if (!saved) return [...found];
  const present = new Set(found);
  const kept = saved.filter((s) => present.has(s));
  return [...kept, ...found.filter((s) => !kept.includes(s))];
}

/** The alphabet with the state at `index` moved one place up (-1) or down (+1). */
export function moveState(alphabet: readonly string[], index: number, delta: -1 | 1): string[] {
  const target = index + delta;
  if (index < 0 || index >= alphabet.length || target < 0 || target >= alphabet.length) return [...alphabet];
  const next = [...alphabet];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** Whether an order is the default one (code units), so that `alphabet` can be left out. */
export function isSortedAlphabet(alphabet: readonly string[]): boolean {
  return alphabet.every((s, i) => i === 0 || compareCodeUnits(alphabet[i - 1]!, s) < 0);
}

/** The colours the analyst set, by state ("#rrggbb"); {} when none. */
export function savedColors(structured: Readonly<Record<string, unknown>>): Record<string, string> {
  const colors = structured.colors;
  if (!colors || typeof colors !== 'object' || Array.isArray(colors)) return {};
  return Object.fromEntries(
    Object.entries(colors as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * The colours to save after one state's colour changed: undefined for the palette's (the entry
 * goes), `colors` left out altogether when none is set.
 */
export function withColor(
  colors: Readonly<Record<string, string>>,
  state: string,
  color: string | undefined,
): Record<string, string> | undefined {
  const next = Object.fromEntries(Object.entries(colors).filter(([s]) => s !== state));
  if (color !== undefined) next[state] = color.toLowerCase();
  return Object.keys(next).length > 0 ? next : undefined;
}
