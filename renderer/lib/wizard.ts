// The wizard generator: an analysis definition (shared/analyses) in, the wizard's steps out.
// Pure TypeScript (no DOM, no Svelte) so it is unit-tested directly. The zod options schema
// decides each control: enum -> select, boolean -> checkbox, number -> number input, a union
// of a number with the literal 'auto' -> number input plus an Auto checkbox, an array or object
// -> a structured value (JSON); roles become column pickers that offer only columns of the
// allowed types (a `columnMap` role: one column per key), from the role's input or, when that
// is not chosen, its fallback input; `when` hides fields. Roles and
// options an analysis's own wizard section shows (renderer/analyses/<kind>/) are `owned`: the
// generic page leaves them out, but they are assembled, validated and placed here all the same.
import { z } from 'zod';
import type { AnalysisDefinition, RoleSpec } from '../../shared/analyses/define.ts';
import type { DataType } from '../../shared/frame.ts';

export type FieldControl =
  | { control: 'select'; choices: string[] }
  | { control: 'checkbox' }
  | { control: 'number'; integer: boolean; min?: number; max?: number; auto: boolean }
  | { control: 'text'; auto: boolean }
  /** An array, object or record: kept whole in `WizardState.structured` (edited as JSON by default). */
  | { control: 'json' };

export type WizardField = FieldControl & {
  name: string;
  label: string;
  help: string;
  /** The schema's default (what an untouched field means), undefined when none. */
  defaultValue: unknown;
  optional: boolean;
  when?: { option: string; is: readonly (string | number | boolean)[] };
};

export interface WizardInput {
  name: string;
  label: string;
  help: string;
  required: boolean;
}

export interface WizardRole extends RoleSpec {
  name: string;
  /** Whether the options schema requires it (a `column` role may be optional, e.g. an id). */
  required: boolean;
}

export interface WizardModel {
  kind: string;
  title: string;
  inputs: WizardInput[];
  roles: WizardRole[];
  fields: WizardField[];
  /** Roles and options shown by the analysis's own wizard section, not by the generic steps. */
  owned: string[];
}

/** A role's value: one column, several, or one per key (`columnMap`, e.g. state -> time column). */
export type RoleValue = string | string[] | Record<string, string>;

/** What the analyst has entered; numbers are kept as typed text until assembled. */
export interface WizardState {
  inputs: Record<string, string>;
  roles: Record<string, RoleValue>;
  /** Typed text of each field (for a `json` field: the JSON text of the generic editor). */
  values: Record<string, string | boolean>;
  /** For fields with an Auto checkbox: whether Auto is ticked. */
  auto: Record<string, boolean>;
  /** Values of `json` fields (arrays, objects), exactly as they will be sent. */
  structured: Record<string, unknown>;
}

export interface ColumnInfo {
  name: string;
  type: DataType;
}

/** A message to show beside the step it concerns: an input, a role or an option. */
export interface WizardMessage {
  target: 'input' | 'role' | 'option' | 'general';
  /** The input, role or option (top level), '' for the whole wizard. */
  name: string;
  /**
   * Where exactly, as an option path: `k`, `time.Paused` (a key of a columnMap role),
   * `covariates.2`, `profiles.0.values.age`; equal to `name` for a whole step.
   */
  path: string;
  message: string;
}

function message(target: WizardMessage['target'], path: string, text: string): WizardMessage {
  return { target, name: path.split('.')[0] ?? '', path, message: text };
}

/** The schema under .default() / .optional() wrappers, and whether it was optional or defaulted. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else return { inner, optional };
  }
}

function isAutoLiteral(schema: z.ZodType): boolean {
  return schema instanceof z.ZodLiteral && schema.values.has('auto');
}

function numberControl(schema: z.ZodNumber, auto: boolean): FieldControl {
  const min = schema.minValue;
  const max = schema.maxValue;
  return {
    control: 'number',
    integer: schema.isInt === true,
    ...(min !== null && Number.isFinite(min) ? { min } : {}),
    ...(max !== null && Number.isFinite(max) ? { max } : {}),
    auto,
  };
}

/** The control that edits a value of this schema. */
export function controlFor(schema: z.ZodType): FieldControl {
  const { inner } = unwrap(schema);
  if (inner instanceof z.ZodEnum) return { control: 'select', choices: inner.options.map(String) };
  if (inner instanceof z.ZodBoolean) return { control: 'checkbox' };
  if (inner instanceof z.ZodNumber) return numberControl(inner, false);
  if (
    inner instanceof z.ZodArray ||
    inner instanceof z.ZodObject ||
    inner instanceof z.ZodRecord ||
    inner instanceof z.ZodTuple
  )
    return { control: 'json' };
  if (inner instanceof z.ZodUnion) {
    const options = (inner.options as readonly z.ZodType[]).map((o) => unwrap(o).inner);
    const auto = options.some(isAutoLiteral);
    const number = options.find((o): o is z.ZodNumber => o instanceof z.ZodNumber);
    if (number) return numberControl(number, auto);
    const literals = options.filter((o): o is z.ZodLiteral => o instanceof z.ZodLiteral);
    if (literals.length === options.length)
      return { control: 'select', choices: literals.flatMap((l) => [...l.values].map(String)) };
    return { control: 'text', auto };
  }
  return { control: 'text', auto: false };
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  const { inner } = unwrap(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : {};
}

/**
 * The wizard for a definition: its inputs, its column roles and its visible options. `owned`
 * names the roles and options the analysis's own wizard section shows (see renderer/analyses).
 */
export function buildWizard(
  def: AnalysisDefinition,
  options: { owned?: readonly string[] } = {},
): WizardModel {
  const shape = objectShape(def.options);
  const inputs = Object.entries(def.inputs).map(([name, spec]) => ({ name, ...spec }));
  const roles = Object.entries(def.roles).map(([name, spec]) => {
    const schema = shape[name];
    const required = schema ? !unwrap(schema).optional : false;
    return { name, ...spec, required: required || (spec.min ?? 0) > 0 };
  });
  const fields: WizardField[] = [];
  for (const [name, spec] of Object.entries(def.fields)) {
    const schema = shape[name];
    if (!schema) continue;
    const parsed = schema.safeParse(undefined);
    fields.push({
      name,
      label: spec.label,
      help: spec.help,
      ...(spec.when ? { when: spec.when } : {}),
      ...controlFor(schema),
      defaultValue: parsed.success ? parsed.data : undefined,
      optional: unwrap(schema).optional,
    });
  }
  return { kind: def.kind, title: def.title, inputs, roles, fields, owned: [...(options.owned ?? [])] };
}

/** The roles the generic page shows (those no wizard section owns). */
export function genericRoles(model: WizardModel): WizardRole[] {
  return model.roles.filter((r) => !model.owned.includes(r.name));
}

/** The visible fields the generic page shows (those no wizard section owns). */
export function genericFields(model: WizardModel, state: WizardState): WizardField[] {
  return visibleFields(model, state).filter((f) => !model.owned.includes(f.name));
}

/** The empty value of a role: '' for a column, [] for columns, {} for a column map. */
export function emptyRoleValue(role: RoleSpec): RoleValue {
  return role.kind === 'columns' ? [] : role.kind === 'columnMap' ? {} : '';
}

/** The columns a role's value names (a column map's values in key order). */
export function roleColumns(value: RoleValue | undefined): string[] {
  if (value === undefined || value === '') return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return [...value];
  return Object.values(value).filter((c) => c !== '');
}

/** A plain copy of a JSON-like value (also of a Svelte state proxy); undefined stays undefined. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The value an option has now: what the analyst entered, else its default. */
function currentValue(field: WizardField, state: WizardState): unknown {
  const assembled = assembleField(field, state);
  return assembled === undefined ? field.defaultValue : assembled;
}

/** Fields whose `when` condition holds for the current values (the others are hidden). */
export function visibleFields(model: WizardModel, state: WizardState): WizardField[] {
  const byName = new Map(model.fields.map((f) => [f.name, f]));
  return model.fields.filter((field) => {
    if (!field.when) return true;
    const other = byName.get(field.when.option);
    const value = other ? currentValue(other, state) : undefined;
    return field.when.is.some((allowed) => allowed === value);
  });
}

/**
 * The input whose columns a role names now: its own input when a dataset is chosen for it, else
 * its `fallbackInput` (a churn label in the labels table when one is chosen, else in the events);
 * undefined when neither is chosen.
 */
export function roleInput(role: RoleSpec, inputs: Readonly<Record<string, string>>): string | undefined {
  if (inputs[role.input]) return role.input;
  if (role.fallbackInput && inputs[role.fallbackInput]) return role.fallbackInput;
  return undefined;
}

/** The dataset whose columns a role offers (see `roleInput`), undefined when none is chosen. */
export function roleDataset(role: RoleSpec, inputs: Readonly<Record<string, string>>): string | undefined {
  const input = roleInput(role, inputs);
  return input === undefined ? undefined : inputs[input];
}

/**
 * Roles whose columns come from another dataset after the inputs changed from `before` to
 * `after` (their own input's, or their fallback's): their chosen columns no longer apply.
 */
export function rolesToReset(
  model: WizardModel,
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): WizardRole[] {
  return model.roles.filter(
    (role) =>
      roleInput(role, before) !== roleInput(role, after) ||
      roleDataset(role, before) !== roleDataset(role, after),
  );
}

/** Columns a role may take: only those of its allowed types (all when it lists none). */
export function columnsForRole(role: RoleSpec, columns: readonly ColumnInfo[]): ColumnInfo[] {
  return role.types.length === 0 ? [...columns] : columns.filter((c) => role.types.includes(c.type));
}

/** The starting state: defaults everywhere, the first dataset for every required input. */
export function initialState(model: WizardModel, datasets: readonly string[] = []): WizardState {
  const state: WizardState = { inputs: {}, roles: {}, values: {}, auto: {}, structured: {} };
  for (const input of model.inputs) if (input.required && datasets[0]) state.inputs[input.name] = datasets[0];
  for (const role of model.roles) state.roles[role.name] = emptyRoleValue(role);
  for (const field of model.fields) writeField(field, field.defaultValue, state);
  return state;
}

function writeField(field: WizardField, value: unknown, state: WizardState): void {
  if (field.control === 'json') {
    state.structured[field.name] = cloneJson(value);
    state.values[field.name] = value === undefined ? '' : JSON.stringify(value);
  } else if (field.control === 'checkbox') state.values[field.name] = value === true;
  else if ((field.control === 'number' || field.control === 'text') && field.auto && value === 'auto') {
    state.auto[field.name] = true;
    state.values[field.name] = '';
  } else {
    if (field.control === 'number' || field.control === 'text') state.auto[field.name] = false;
    state.values[field.name] = value === undefined || value === null ? '' : String(value);
  }
}

/** The state that shows saved options again (editing an analysis, re-running it). */
export function stateFromOptions(
  model: WizardModel,
  options: unknown,
  inputs: Record<string, string>,
): WizardState {
  const state = initialState(model);
  state.inputs = { ...inputs };
  const saved = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
  for (const role of model.roles) {
    const value = saved[role.name];
    if (role.kind === 'columns')
      state.roles[role.name] = Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
    else if (role.kind === 'columnMap')
      state.roles[role.name] =
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(
              Object.entries(value as Record<string, unknown>).filter(
                (entry): entry is [string, string] => typeof entry[1] === 'string',
              ),
            )
          : {};
    else state.roles[role.name] = typeof value === 'string' ? value : '';
  }
  for (const field of model.fields) if (field.name in saved) writeField(field, saved[field.name], state);
  return state;
}

/** One option's value as the schema wants it; undefined = leave it out (the default applies). */
function assembleField(field: WizardField, state: WizardState): unknown {
  const raw = state.values[field.name];
  switch (field.control) {
    case 'checkbox':
      return raw === true;
    case 'select':
      return raw === '' || raw === undefined ? undefined : coerceChoice(field, String(raw));
    case 'number': {
      if (field.auto && state.auto[field.name]) return 'auto';
      const text = String(raw ?? '').trim();
      if (text === '') return undefined;
      const n = Number(text);
      return Number.isNaN(n) ? text : n;
    }
    case 'text': {
      if (field.auto && state.auto[field.name]) return 'auto';
      const text = String(raw ?? '');
      return text === '' ? undefined : text;
    }
    case 'json':
      return cloneJson(state.structured[field.name]);
  }
}

/**
 * The generic editor of a `json` field typed `text`: the text is kept as typed; the value is
 * its parse, undefined when emptied, or the text itself when it is not JSON (so the schema
 * refuses it and `validateWizard` says why).
 */
export function typeJson(state: WizardState, name: string, text: string): void {
  state.values[name] = text;
  if (text.trim() === '') {
    state.structured[name] = undefined;
    return;
  }
  try {
    state.structured[name] = JSON.parse(text) as unknown;
  } catch {
    state.structured[name] = text;
  }
}

function coerceChoice(field: WizardField, raw: string): unknown {
  // Select values travel as text; a choice that was a number in the schema goes back as one.
  return typeof field.defaultValue === 'number' && raw.trim() !== '' && !Number.isNaN(Number(raw))
    ? Number(raw)
    : raw;
}

/** The options object to validate and save: roles, then the visible options (hidden ones default). */
export function assembleOptions(model: WizardModel, state: WizardState): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const role of model.roles) {
    const value = state.roles[role.name];
    if (role.kind === 'columns') {
      // An optional list left empty is left out (e.g. the period columns of long data).
      const chosen = Array.isArray(value) ? [...value] : [];
      if (chosen.length > 0 || role.required) options[role.name] = chosen;
    } else if (role.kind === 'columnMap') {
      // Keys in their order, chosen columns only (an unset key is left out, for the schema to name).
      const map: Record<string, string> = {};
      if (value && typeof value === 'object' && !Array.isArray(value))
        for (const [key, column] of Object.entries(value)) if (column !== '') map[key] = column;
      options[role.name] = map;
    } else if (typeof value === 'string' && value !== '') options[role.name] = value;
  }
  for (const field of visibleFields(model, state)) {
    const value = assembleField(field, state);
    if (value !== undefined) options[field.name] = value;
  }
  return options;
}

/** The inputs of the analysis: input name -> dataset name, chosen ones only. */
export function assembleInputs(model: WizardModel, state: WizardState): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const input of model.inputs) {
    const chosen = state.inputs[input.name];
    if (chosen) inputs[input.name] = chosen;
  }
  return inputs;
}

/** Whether `prefix` is `path` or one of its parents (`time` of `time.Paused`). */
export function pathWithin(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}.`);
}

/**
 * Checks in the page, before anything is sent: every required input chosen, every role filled
 * with columns of allowed types and at least role.min of them, and the options parsed with the
 * definition's own zod schema. Each message names the step (input, role or option) it belongs to
 * and its exact path. `extra` are a wizard section's own messages (e.g. a time that is not a
 * number): they come first, and a schema issue at or under one of their paths is left out.
 */
export function validateWizard(
  def: AnalysisDefinition,
  model: WizardModel,
  state: WizardState,
  columnsOf: (dataset: string) => readonly ColumnInfo[] | undefined,
  extra: readonly WizardMessage[] = [],
): WizardMessage[] {
  const messages: WizardMessage[] = [...extra];
  for (const input of model.inputs) {
    if (input.required && !state.inputs[input.name])
      messages.push(message('input', input.name, `choose a dataset for ${input.label}`));
  }
  for (const role of model.roles) {
    const dataset = roleDataset(role, state.inputs);
    const columns = dataset ? columnsOf(dataset) : undefined;
    const value = state.roles[role.name];
    // Each chosen column with the path it is chosen at.
    const chosen: [string, string][] =
      value === undefined || value === ''
        ? []
        : typeof value === 'string'
          ? [[role.name, value]]
          : Array.isArray(value)
            ? value.map((c, i) => [`${role.name}.${i}`, c])
            : Object.entries(value)
                .filter(([, c]) => c !== '')
                .map(([key, c]) => [`${role.name}.${key}`, c]);
    // A column map's keys come from other options (states): the schema says which are missing.
    const min = role.kind === 'columnMap' ? (role.min ?? 0) : (role.min ?? (role.required ? 1 : 0));
    if (chosen.length < min) {
      const what = role.kind === 'column' ? 'a column' : `at least ${min} column${min === 1 ? '' : 's'}`;
      messages.push(message('role', role.name, `${role.label}: choose ${what}`));
      continue;
    }
    if (columns) {
      for (const [path, name] of chosen) {
        const column = columns.find((c) => c.name === name);
        if (!column) messages.push(message('role', path, `${dataset} has no column "${name}"`));
        else if (role.types.length > 0 && !role.types.includes(column.type))
          messages.push(
            message(
              'role',
              path,
              `column "${name}" is ${column.type}; ${role.label} takes ${role.types.join(', ')}`,
            ),
          );
      }
    }
    // The same column in the other inputs that must hold it (e.g. the customer id of the labels).
    for (const other of role.alsoInputs ?? []) {
      const otherDataset = state.inputs[other];
      const otherColumns = otherDataset ? columnsOf(otherDataset) : undefined;
      if (!otherColumns || otherDataset === dataset) continue;
      for (const [path, name] of chosen) {
        if (!otherColumns.some((c) => c.name === name))
          messages.push(
            message(
              'role',
              path,
              `${otherDataset} has no column "${name}": ${role.label} must be a column of both datasets`,
            ),
          );
      }
    }
  }
  for (const field of visibleFields(model, state)) {
    if (field.control === 'json' && typeof state.structured[field.name] === 'string')
      messages.push(message('option', field.name, `${field.label}: not valid JSON`));
  }
  const parsed = def.options.safeParse(assembleOptions(model, state));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const top = String(issue.path[0] ?? '');
      if (messages.some((m) => m.path !== '' && pathWithin(path, m.path))) continue;
      if (messages.some((m) => m.path === path && m.message === issue.message)) continue;
      const target = model.roles.some((r) => r.name === top) ? 'role' : top ? 'option' : 'general';
      messages.push(message(target, path, issue.message));
    }
  }
  return messages;
}

/** Where a column chosen in the options is chosen: `id`, `covariates.2`, `time.Paused`. */
export function columnPath(
  model: WizardModel,
  options: Record<string, unknown>,
  column: string,
): string | undefined {
  for (const role of model.roles) {
    const value = options[role.name];
    if (value === column) return role.name;
    if (Array.isArray(value)) {
      const index = value.indexOf(column);
      if (index >= 0) return `${role.name}.${index}`;
    } else if (value && typeof value === 'object') {
      const entry = Object.entries(value as Record<string, unknown>).find(([, c]) => c === column);
      if (entry) return `${role.name}.${entry[0]}`;
    }
  }
  return undefined;
}

/** Columns a message names as `column NAME` (main's messages: "data "d", row 3, column St2.s: ..."). */
function namedColumns(model: WizardModel, options: Record<string, unknown>, text: string): string[] {
  const columns = model.roles.flatMap((role) => {
    const value = options[role.name];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    if (value && typeof value === 'object')
      return Object.values(value as Record<string, unknown>).filter(
        (v): v is string => typeof v === 'string',
      );
    return [];
  });
  // Longest first, so that "St2.s" wins over "St2".
  return [...new Set(columns)]
    .sort((a, b) => b.length - a.length)
    .filter((c) => new RegExp(`(^|[ (])column "?${escapeRegExp(c)}"?($|[:,;) ])`).test(text));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where a message from `analyses.validate` belongs: the option path it names (`transitions.2`,
 * `time.Paused`), made exact when it names only a role and the message names one of the
 * columns chosen for it ("column St3.s: expected a status 0 or 1" -> `status.Paused`); a message
 * without an option that names a chosen column goes beside that column; else the whole wizard.
 */
export function placeServerMessage(
  model: WizardModel,
  text: string,
  option?: string,
  options: Record<string, unknown> = {},
): WizardMessage {
  const top = option?.split('.')[0] ?? '';
  const [column] = namedColumns(model, options, text);
  const located = column === undefined ? undefined : columnPath(model, options, column);
  let path = option ?? '';
  if (located && (path === '' || (path === top && pathWithin(located, top)))) path = located;
  const name = path.split('.')[0] ?? '';
  if (model.roles.some((r) => r.name === name)) return message('role', path, text);
  if (model.fields.some((f) => f.name === name)) return message('option', path, text);
  if (model.inputs.some((i) => i.name === name)) return message('input', path, text);
  return message('general', '', text);
}

/**
 * Messages sorted to the places a page shows them: each goes to the longest anchor that is its
 * path or a parent of it (`profiles.0` takes `profiles.0.values.age` unless that is an anchor
 * itself); those under no anchor go to ''. A section lists anchors for its controls, so that
 * no message is lost when it has no control of its own.
 */
export function placeMessages(
  messages: readonly WizardMessage[],
  anchors: readonly string[],
): Map<string, string[]> {
  const placed = new Map<string, string[]>();
  const sorted = [...new Set(anchors)].sort((a, b) => b.length - a.length);
  for (const m of messages) {
    const anchor = sorted.find((a) => pathWithin(m.path, a)) ?? '';
    const list = placed.get(anchor) ?? [];
    if (!list.includes(m.message)) list.push(m.message);
    placed.set(anchor, list);
  }
  return placed;
}

/** The messages for one step (its own and those under it). */
export function messagesFor(messages: readonly WizardMessage[], name: string): string[] {
  return [...new Set(messages.filter((m) => m.name === name).map((m) => m.message))];
}
