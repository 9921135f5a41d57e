// The multistate set-up as the wizard section edits it: states, transitions, the time and
// status column of each state, covariates with their levels, the prediction and the profiles,
// read from and written back to the wizard's state (roles `time`, `status`, `covariates`;
// structured options `states`, `transitions`, `levels`, `predict`, `profiles`), so that saved
// options come back exactly. Every edit is a pure function of the set-up; the section applies
// them. Checks that need no run (typed numbers, column summaries) give messages with the
// option path they belong to (`time.Paused`, `predict.times`, `covariates.1`).
import type { Response } from '../../../shared/api.ts';
import type { DataType } from '../../../shared/frame.ts';
import { cloneJson, type ColumnInfo, type WizardMessage, type WizardState } from '../../lib/wizard.ts';

export type ColumnSummary = Response<'datasets.summary'>[number];
export type Transition = [string, string];

export interface Profile {
  name: string;
  values: Record<string, string | number>;
}

export interface MultistateSetup {
  states: string[];
  transitions: Transition[];
  time: Record<string, string>;
  status: Record<string, string>;
  covariates: string[];
  levels: Record<string, string[]>;
  /** `start` and `times` may hold typed text that is not a number (reported by `setupChecks`). */
  predict: { from?: string; start: number | string; times: (number | string)[] };
  profiles: Profile[];
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record(value)).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** The set-up in the wizard's state (empty parts for what is not there yet). */
export function readSetup(state: WizardState): MultistateSetup {
  const s = state.structured;
  const predict = record(s.predict);
  const start = predict.start;
  return {
    states: strings(s.states),
    transitions: (Array.isArray(s.transitions) ? s.transitions : [])
      .filter((t): t is [string, string] => Array.isArray(t) && t.length === 2)
      .map(([from, to]) => [String(from), String(to)]),
    time: stringMap(state.roles.time),
    status: stringMap(state.roles.status),
    covariates: strings(state.roles.covariates),
    levels: Object.fromEntries(Object.entries(record(s.levels)).map(([k, v]) => [k, strings(v)])),
    predict: {
      ...(typeof predict.from === 'string' ? { from: predict.from } : {}),
      start: typeof start === 'number' || typeof start === 'string' ? start : 0,
      times: Array.isArray(predict.times)
        ? predict.times.filter((t): t is number | string => typeof t === 'number' || typeof t === 'string')
        : [],
    },
    profiles: (Array.isArray(s.profiles) ? s.profiles : []).map((p) => {
      const profile = record(p);
      return {
        name: typeof profile.name === 'string' ? profile.name : '',
        values: Object.fromEntries(
          Object.entries(record(profile.values)).filter(
            (e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number',
          ),
        ),
      };
    }),
  };
}

/** Writes the set-up into the wizard's state (plain copies, so the state never shares them). */
export function writeSetup(state: WizardState, setup: MultistateSetup): void {
  const copy = cloneJson(setup);
  state.structured.states = copy.states;
  state.structured.transitions = copy.transitions;
  state.roles.time = copy.time;
  state.roles.status = copy.status;
  state.roles.covariates = copy.covariates;
  state.structured.levels = copy.levels;
  state.structured.predict = copy.predict;
  state.structured.profiles = copy.profiles;
}

/** Transitions ordered as the grid shows them: by the from state, then the to state. */
export function sortTransitions(states: readonly string[], transitions: readonly Transition[]): Transition[] {
  const at = (s: string) => {
    const i = states.indexOf(s);
    return i < 0 ? states.length : i;
  };
  return [...transitions].sort((a, b) => at(a[0]) - at(b[0]) || at(a[1]) - at(b[1]));
}

/** Why a transition cannot be chosen on the grid, or undefined when it can. */
export function transitionRefusal(states: readonly string[], from: string, to: string): string | undefined {
  if (from === to) return `A state cannot move to itself.`;
  if (to === states[0])
    return `Everyone starts in "${states[0]}" at time 0, so no transition may enter it. Move another state to the top to start there.`;
  return undefined;
}

/** A name not yet used: `base`, else `base 2`, `base 3`, ... */
export function freshName(base: string, used: readonly string[]): string {
  if (!used.includes(base)) return base;
  for (let n = 2; ; n++) if (!used.includes(`${base} ${n}`)) return `${base} ${n}`;
}

/** Why a state cannot take this name, or undefined when it can. */
export function stateNameProblem(states: readonly string[], index: number, name: string): string | undefined {
  if (name.trim() === '') return 'a state needs a name';
  if (states.some((s, i) => i !== index && s === name)) return `another state is called "${name}"`;
  return undefined;
}

function renameKey<T>(map: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v]));
}

function withoutKey<T>(map: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
}

export function addState(setup: MultistateSetup, name?: string): MultistateSetup {
  const state =
    name ?? freshName(setup.states.length === 0 ? 'Start' : `State ${setup.states.length + 1}`, setup.states);
  return { ...setup, states: [...setup.states, state] };
}

/** Renames a state everywhere it is used (transitions, its columns, the prediction start). */
export function renameState(setup: MultistateSetup, from: string, to: string): MultistateSetup {
  if (from === to || !setup.states.includes(from) || setup.states.includes(to)) return setup;
  const swap = (s: string) => (s === from ? to : s);
  return {
    ...setup,
    states: setup.states.map(swap),
    transitions: setup.transitions.map(([a, b]) => [swap(a), swap(b)]),
    time: renameKey(setup.time, from, to),
    status: renameKey(setup.status, from, to),
    predict: {
      ...setup.predict,
      ...(setup.predict.from !== undefined ? { from: swap(setup.predict.from) } : {}),
    },
  };
}

export function removeState(setup: MultistateSetup, name: string): MultistateSetup {
  const { from, ...predict } = setup.predict;
  return {
    ...setup,
    states: setup.states.filter((s) => s !== name),
    transitions: setup.transitions.filter(([a, b]) => a !== name && b !== name),
    time: withoutKey(setup.time, name),
    status: withoutKey(setup.status, name),
    predict: from === undefined || from === name ? predict : { ...predict, from },
  };
}

/**
 * Moves a state up or down. The state that ends up first is where everyone starts: arrows into
 * it are dropped (the grid cannot show them) and it needs no columns.
 */
export function moveState(setup: MultistateSetup, index: number, delta: -1 | 1): MultistateSetup {
  const target = index + delta;
  if (index < 0 || target < 0 || index >= setup.states.length || target >= setup.states.length) return setup;
  const states = [...setup.states];
  [states[index], states[target]] = [states[target]!, states[index]!];
  const start = states[0]!;
  return {
    ...setup,
    states,
    transitions: sortTransitions(
      states,
      setup.transitions.filter(([, to]) => to !== start),
    ),
    time: withoutKey(setup.time, start),
    status: withoutKey(setup.status, start),
  };
}

export function setTransition(
  setup: MultistateSetup,
  from: string,
  to: string,
  on: boolean,
): MultistateSetup {
  const others = setup.transitions.filter(([a, b]) => !(a === from && b === to));
  if (on && transitionRefusal(setup.states, from, to)) return setup;
  return { ...setup, transitions: sortTransitions(setup.states, on ? [...others, [from, to]] : others) };
}

export function setStateColumn(
  setup: MultistateSetup,
  role: 'time' | 'status',
  state: string,
  column: string,
): MultistateSetup {
  const map = column === '' ? withoutKey(setup[role], state) : { ...setup[role], [state]: column };
  // Keys in state order, as the options show them.
  const ordered = Object.fromEntries(
    setup.states.filter((s) => map[s] !== undefined).map((s) => [s, map[s]!]),
  );
  return { ...setup, [role]: ordered };
}

/**
 * Adds or removes a covariate. Removing it also drops its levels and its values in the profiles;
 * adding it gives every profile `initial` (the reference level, or a typical number).
 */
export function setCovariate(
  setup: MultistateSetup,
  column: string,
  on: boolean,
  initial?: string | number,
): MultistateSetup {
  if (on === setup.covariates.includes(column)) return setup;
  if (!on)
    return {
      ...setup,
      covariates: setup.covariates.filter((c) => c !== column),
      levels: withoutKey(setup.levels, column),
      profiles: setup.profiles.map((p) => ({ ...p, values: withoutKey(p.values, column) })),
    };
  return {
    ...setup,
    covariates: [...setup.covariates, column],
    profiles: setup.profiles.map((p) =>
      initial === undefined ? p : { ...p, values: { ...p.values, [column]: initial } },
    ),
  };
}

/** Sorted by code units, as a C-locale R factor (the engine's order when no levels are given). */
export function defaultLevelOrder(levels: readonly string[]): string[] {
  return [...levels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The levels of a covariate in force: those given in the options, else the observed ones sorted. */
export function levelOrder(setup: MultistateSetup, column: string, observed: readonly string[]): string[] {
  return setup.levels[column] ?? defaultLevelOrder(observed);
}

/**
 * Makes `reference` the first level of a covariate (the one every hazard ratio compares with).
 * When that is the engine's own order anyway, the levels are left out of the options.
 */
export function setReference(
  setup: MultistateSetup,
  column: string,
  reference: string,
  observed: readonly string[],
): MultistateSetup {
  const order = levelOrder(setup, column, observed);
  const levels = [reference, ...order.filter((l) => l !== reference)];
  const natural = defaultLevelOrder(observed);
  const isNatural = setup.levels[column] === undefined && levels.join('\u0000') === natural.join('\u0000');
  return {
    ...setup,
    levels: isNatural ? withoutKey(setup.levels, column) : { ...setup.levels, [column]: levels },
  };
}

/** A numeric covariate taken as categories (levels = its values) or back as a number. */
export function setCategorical(
  setup: MultistateSetup,
  column: string,
  on: boolean,
  observed: readonly string[],
): MultistateSetup {
  const numeric = (v: string) => Number(v);
  const levels = on
    ? { ...setup.levels, [column]: [...observed].sort((a, b) => numeric(a) - numeric(b)) }
    : withoutKey(setup.levels, column);
  const first = levels[column]?.[0];
  return {
    ...setup,
    levels,
    profiles: setup.profiles.map((p) => {
      const value = p.values[column];
      if (value === undefined) return p;
      const next = on
        ? levels[column]!.includes(String(value))
          ? String(value)
          : (first ?? value)
        : Number(value);
      return { ...p, values: { ...p.values, [column]: next } };
    }),
  };
}

const profileLetters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function addProfile(setup: MultistateSetup, values: Record<string, string | number>): MultistateSetup {
  const used = setup.profiles.map((p) => p.name);
  const name = [...profileLetters].find((l) => !used.includes(l)) ?? freshName('Profile', used);
  return { ...setup, profiles: [...setup.profiles, { name, values: { ...values } }] };
}

export function removeProfile(setup: MultistateSetup, index: number): MultistateSetup {
  return { ...setup, profiles: setup.profiles.filter((_, i) => i !== index) };
}

export function renameProfile(setup: MultistateSetup, index: number, name: string): MultistateSetup {
  return { ...setup, profiles: setup.profiles.map((p, i) => (i === index ? { ...p, name } : p)) };
}

export function setProfileValue(
  setup: MultistateSetup,
  index: number,
  column: string,
  value: string | number,
): MultistateSetup {
  return {
    ...setup,
    profiles: setup.profiles.map((p, i) =>
      i === index ? { ...p, values: { ...p.values, [column]: value } } : p,
    ),
  };
}

/** A typed number: the number, or the text itself when it is not one (reported by the checks). */
export function typedNumber(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** Prediction times typed as "5, 30, 100" (commas, semicolons or spaces between them). */
export function parseTimes(text: string): (number | string)[] {
  return text
    .split(/[\s,;]+/)
    .filter((t) => t !== '')
    .map(typedNumber);
}

export function formatTimes(times: readonly (number | string)[]): string {
  return times.map(String).join(', ');
}

/** `count` evenly spaced times after `start` up to `end` (the last is `end`), to 6 significant digits. */
export function evenTimes(start: number, end: number, count = 100): number[] {
  if (!(end > start) || count < 1) return [];
  const step = (end - start) / count;
  const times = Array.from({ length: count }, (_, i) => Number((start + step * (i + 1)).toPrecision(6)));
  return [...new Set(times)];
}

const roleNames = ['time', 'status', 'covariates'];

function at(path: string, text: string): WizardMessage {
  const name = path.split('.')[0] ?? '';
  return { target: roleNames.includes(name) ? 'role' : 'option', name, path, message: text };
}

/** A number for a message: integers as they are, others to 4 significant digits. */
function shown(value: number | string | null): string {
  return typeof value === 'number' && !Number.isInteger(value)
    ? String(Number(value.toPrecision(4)))
    : String(value);
}

/**
 * What can be checked without a run: typed numbers of the prediction, and the column summaries
 * (datasets.summary) of the chosen columns: times present and not negative, statuses 0 or 1,
 * covariates without missing values and with more than one value; a state whose status is 0
 * for everyone has no events, which the covariate model cannot take. The order of times along
 * a customer's path needs the rows: analyses.validate checks it.
 */
export function setupChecks(
  setup: MultistateSetup,
  summaries: readonly ColumnSummary[] = [],
): WizardMessage[] {
  const messages: WizardMessage[] = [];
  const summary = (column: string | undefined) =>
    column === undefined ? undefined : summaries.find((s) => s.name === column);
  if (typeof setup.predict.start === 'string')
    messages.push(
      at(
        'predict.start',
        setup.predict.start === '' ? 'give a start time' : `"${setup.predict.start}" is not a number`,
      ),
    );
  const badTimes = setup.predict.times.filter((t): t is string => typeof t === 'string');
  if (badTimes.length > 0)
    messages.push(
      at(
        'predict.times',
        `${badTimes.map((t) => `"${t}"`).join(', ')} ${badTimes.length === 1 ? 'is not a number' : 'are not numbers'}`,
      ),
    );
  for (const state of setup.states.slice(1)) {
    const time = summary(setup.time[state]);
    if (time) {
      if (time.missing > 0)
        messages.push(
          at(
            `time.${state}`,
            `${time.name} has ${time.missing} missing value${time.missing === 1 ? '' : 's'}; every customer needs a time`,
          ),
        );
      else if (typeof time.min === 'number' && time.min < 0)
        messages.push(
          at(
            `time.${state}`,
            `${time.name} has negative times (the smallest is ${shown(time.min)}); times count from 0`,
          ),
        );
    }
    const status = summary(setup.status[state]);
    if (status) {
      const binary =
        typeof status.min === 'number' &&
        typeof status.max === 'number' &&
        (status.min === 0 || status.min === 1) &&
        (status.max === 0 || status.max === 1);
      if (status.missing > 0)
        messages.push(
          at(
            `status.${state}`,
            `${status.name} has ${status.missing} missing value${status.missing === 1 ? '' : 's'}; a status is 0 or 1`,
          ),
        );
      else if (!binary)
        messages.push(
          at(
            `status.${state}`,
            `${status.name} must be 0 or 1 (it runs from ${shown(status.min)} to ${shown(status.max)})`,
          ),
        );
      else if (status.max === 0 && setup.covariates.length > 0) {
        setup.transitions.forEach(([from, to], k) => {
          if (to === state)
            messages.push(
              at(
                `transitions.${k}`,
                `transition ${k + 1} (${from} -> ${to}) has no events: ${status.name} is 0 for every customer, so covariate effects on it cannot be estimated`,
              ),
            );
        });
      }
    }
  }
  setup.covariates.forEach((column, c) => {
    const s = summary(column);
    if (!s) return;
    if (s.missing > 0)
      messages.push(
        at(
          `covariates.${c}`,
          `${column} has ${s.missing} missing value${s.missing === 1 ? '' : 's'}; fill them in or filter the data first`,
        ),
      );
    else if (s.distinct < 2)
      messages.push(
        at(
          `covariates.${c}`,
          `${column} takes one value only (${shown(s.min)}): a covariate needs at least two to compare`,
        ),
      );
  });
  return messages;
}

/** What the covariate and profile steps show of one covariate. */
export interface CovariateView {
  name: string;
  type: DataType | undefined;
  /** Text and date columns, and numeric ones given levels, are compared against a reference level. */
  categorical: boolean;
  /** The levels in force, reference first; undefined while unknown (being read, or too many). */
  levels: string[] | undefined;
  /** Distinct values the summary counted. */
  distinct: number | undefined;
  /** The values read from the rows (undefined until read). */
  observed: string[] | undefined;
  /** A numeric column with few values may be taken as categories. */
  mayBeCategorical: boolean;
  /** A value for new profiles: the reference level, or the mean rounded as the column is. */
  typical: string | number | undefined;
}

/** Numeric columns with at most this many values may be taken as categories. */
export const maxNumericLevels = 12;

export function covariateViews(
  setup: MultistateSetup,
  columns: readonly ColumnInfo[],
  summaries: readonly ColumnSummary[],
  observed: Readonly<Record<string, string[]>>,
): CovariateView[] {
  return setup.covariates.map((name) => {
    const type = columns.find((c) => c.name === name)?.type;
    const summary = summaries.find((s) => s.name === name);
    const numeric = type === 'integer' || type === 'number' || type === 'boolean';
    const categorical = !numeric || setup.levels[name] !== undefined;
    const seen = observed[name];
    const levels = !categorical
      ? undefined
      : (setup.levels[name] ?? (seen === undefined ? undefined : defaultLevelOrder(seen)));
    const mean = summary?.mean ?? null;
    const typical = categorical
      ? levels?.[0]
      : mean === null
        ? undefined
        : type === 'number'
          ? Number(mean.toPrecision(3))
          : Math.round(mean);
    return {
      name,
      type,
      categorical,
      levels,
      distinct: summary?.distinct,
      observed: seen,
      mayBeCategorical: numeric && summary !== undefined && summary.distinct <= maxNumericLevels,
      typical,
    };
  });
}
