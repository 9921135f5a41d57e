// The wizard generator: an analysis definition (shared/analyses) in, the wizard's steps out.
// Pure TypeScript (no DOM, no Svelte) so it is unit-tested directly. The zod options schema
// decides each control: enum -> select, boolean -> checkbox, number -> number input, a union
// of a number with the literal 'auto' -> number input plus an Auto checkbox; roles become
// column pickers that offer only columns of the allowed types; `when` hides fields.
import { z } from 'zod';
import type { AnalysisDefinition, RoleSpec } from '../../shared/analyses/define.ts';
import type { DataType } from '../../shared/frame.ts';

export type FieldControl =
  | { control: 'select'; choices: string[] }
  | { control: 'checkbox' }
  | { control: 'number'; integer: boolean; min?: number; max?: number; auto: boolean }
  | { control: 'text'; auto: boolean };

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
}

/** What the analyst has entered; numbers are kept as typed text until assembled. */
export interface WizardState {
  inputs: Record<string, string>;
  roles: Record<string, string | string[]>;
  values: Record<string, string | boolean>;
  /** For fields with an Auto checkbox: whether Auto is ticked. */
  auto: Record<string, boolean>;
}

export interface ColumnInfo {
  name: string;
  type: DataType;
}

/** A message to show beside the step it concerns: an input, a role or an option. */
export interface WizardMessage {
  target: 'input' | 'role' | 'option' | 'general';
  name: string;
  message: string;
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

/** The wizard for a definition: its inputs, its column roles and its visible options. */
export function buildWizard(def: AnalysisDefinition): WizardModel {
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
  return { kind: def.kind, title: def.title, inputs, roles, fields };
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

/** Columns a role may take: only those of its allowed types (all when it lists none). */
export function columnsForRole(role: RoleSpec, columns: readonly ColumnInfo[]): ColumnInfo[] {
  return role.types.length === 0 ? [...columns] : columns.filter((c) => role.types.includes(c.type));
}

/** The starting state: defaults everywhere, the first dataset for every required input. */
export function initialState(model: WizardModel, datasets: readonly string[] = []): WizardState {
  const state: WizardState = { inputs: {}, roles: {}, values: {}, auto: {} };
  for (const input of model.inputs) if (input.required && datasets[0]) state.inputs[input.name] = datasets[0];
  for (const role of model.roles) state.roles[role.name] = role.kind === 'columns' ? [] : '';
  for (const field of model.fields) writeField(field, field.defaultValue, state);
  return state;
}

function writeField(field: WizardField, value: unknown, state: WizardState): void {
  if (field.control === 'checkbox') state.values[field.name] = value === true;
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
    if (role.kind === 'columns') options[role.name] = Array.isArray(value) ? [...value] : [];
    else if (typeof value === 'string' && value !== '') options[role.name] = value;
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

/**
 * Checks in the page, before anything is sent: every required input chosen, every role filled
 * with columns of allowed types and at least role.min of them, and the options parsed with the
 * definition's own zod schema. Each message names the step (input, role or option) it belongs to.
 */
export function validateWizard(
  def: AnalysisDefinition,
  model: WizardModel,
  state: WizardState,
  columnsOf: (dataset: string) => readonly ColumnInfo[] | undefined,
): WizardMessage[] {
  const messages: WizardMessage[] = [];
  for (const input of model.inputs) {
    if (input.required && !state.inputs[input.name])
      messages.push({ target: 'input', name: input.name, message: `choose a dataset for ${input.label}` });
  }
  for (const role of model.roles) {
    const dataset = state.inputs[role.input];
    const columns = dataset ? columnsOf(dataset) : undefined;
    const value = state.roles[role.name];
    const chosen = Array.isArray(value) ? value : value ? [value] : [];
    const min = role.min ?? (role.required ? 1 : 0);
    if (chosen.length < min) {
      const what = role.kind === 'columns' ? `at least ${min} column${min === 1 ? '' : 's'}` : 'a column';
      messages.push({ target: 'role', name: role.name, message: `${role.label}: choose ${what}` });
      continue;
    }
    if (!columns) continue;
    for (const name of chosen) {
      const column = columns.find((c) => c.name === name);
      if (!column)
        messages.push({ target: 'role', name: role.name, message: `${dataset} has no column "${name}"` });
      else if (role.types.length > 0 && !role.types.includes(column.type))
        messages.push({
          target: 'role',
          name: role.name,
          message: `column "${name}" is ${column.type}; ${role.label} takes ${role.types.join(', ')}`,
        });
    }
  }
  const parsed = def.options.safeParse(assembleOptions(model, state));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.map(String).join('.');
      const top = String(issue.path[0] ?? '');
      if (messages.some((m) => m.name === top)) continue;
      const target = model.roles.some((r) => r.name === top) ? 'role' : top ? 'option' : 'general';
      messages.push({ target, name: top || name, message: issue.message });
    }
  }
  return messages;
}

/** Where a message from `analyses.validate` belongs: the option it names, else the whole wizard. */
export function placeServerMessage(model: WizardModel, message: string, option?: string): WizardMessage {
  const top = option?.split('.')[0] ?? '';
  if (model.roles.some((r) => r.name === top)) return { target: 'role', name: top, message };
  if (model.fields.some((f) => f.name === top)) return { target: 'option', name: top, message };
  if (model.inputs.some((i) => i.name === top)) return { target: 'input', name: top, message };
  return { target: 'general', name: '', message };
}

/** The messages for one step. */
export function messagesFor(messages: readonly WizardMessage[], name: string): string[] {
  return messages.filter((m) => m.name === name).map((m) => m.message);
}
