// Runs a stored analysis: validates its options and inputs against the definition, loads
// just the columns its roles name, runs the engine as a job, and writes the Result (or the
// failure, or the cancellation) into the project. The project is consistent at every step.
import type Database from 'better-sqlite3';
import type { Frame } from '../../shared/frame.ts';
import type { Result } from '../../shared/result.ts';
import { findDefinition } from '../../shared/analyses/index.ts';
import { parseOptions, type AnalysisDefinition } from '../../shared/analyses/define.ts';
import { CancelledError, InputError } from '../../shared/errors.ts';
import { findAnalysis, getAnalysis } from '../project/analyses.ts';
import { findDataset, loadFrame, type DatasetRecord } from '../project/datasets.ts';
import {
  endRun,
  finishRun,
  getRun,
  latestFinishedRun,
  loadArtifacts,
  loadResult,
  startRun,
  type RunRecord,
} from '../project/runs.ts';
import type { BackendPreference } from '../engines/common/backend.ts';
import { runJob, type JobHooks } from './runJob.ts';
import { findEngine } from '../engines/registry.ts';
import type { TrainedModel } from '../engines/engine.ts';

/** A run that happened: done with its Result, or failed / cancelled with the error. */
export interface RunOutcome {
  run: RunRecord;
  result?: Result;
  error?: Error;
}

/** The column names a role's value holds: one, a list, or the values of a map. */
function roleColumns(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value && typeof value === 'object') {
    return Object.values(value).filter((v): v is string => typeof v === 'string');
  }
  return [];
}

/**
 * Everything that can be checked before a run: options and column roles, then the engine's
 * own checks on the data (loading just the columns the roles name). Throws an InputError;
 * returns the engine's warnings.
 */
export function checkAnalysisData(
  db: Database.Database,
  definition: AnalysisDefinition,
  inputs: Record<string, string>,
  rawOptions: unknown,
): { warnings: string[] } {
  const { options, columns, datasets, model } = checkAnalysisSetup(db, definition, inputs, rawOptions);
  const engine = findEngine(definition.kind);
  if (!engine?.check) return { warnings: [] };
  const frames: Record<string, Frame> = {};
  for (const [input, ds] of Object.entries(datasets)) frames[input] = loadFrame(db, ds.name, columns[input]);
  return engine.check(frames, options, model);
}

/**
 * The model an analysis applies (definition.model): the analysis its option names (id or name),
 * which must be of the declared kind and have a finished run; that run's options and artifacts.
 */
export function loadTrainedModel(
  db: Database.Database,
  definition: AnalysisDefinition,
  options: Record<string, unknown>,
): TrainedModel | undefined {
  const spec = definition.model;
  if (!spec) return undefined;
  const ref = options[spec.option];
  const where = { option: spec.option };
  const source = findAnalysis(db, String(ref));
  const wanted = findDefinition(spec.kind)?.title ?? spec.kind;
  if (source.kind !== spec.kind) {
    throw new InputError(`option ${spec.option}: "${source.name}" is not a ${wanted} analysis`, where);
  }
  const run = latestFinishedRun(db, source.id);
  if (!run) {
    throw new InputError(
      `option ${spec.option}: "${source.name}" has no finished run yet; run it first, then score with its model`,
      where,
    );
  }
  return {
    analysisId: source.id,
    analysisName: source.name,
    runId: run.id,
    options: run.options,
    artifacts: loadArtifacts(db, run.id),
  };
}

/** Checks options and column roles; returns the parsed options and the columns to load per input. */
export function checkAnalysisSetup(
  db: Database.Database,
  definition: AnalysisDefinition,
  inputs: Record<string, string>,
  rawOptions: unknown,
): {
  options: Record<string, unknown>;
  columns: Record<string, string[] | undefined>;
  datasets: Record<string, DatasetRecord>;
  model?: TrainedModel;
} {
  if (definition.status !== 'ready') throw new InputError(`${definition.title} is not available yet`);
  const options = parseOptions(definition, rawOptions) as Record<string, unknown>;
  const model = loadTrainedModel(db, definition, options);
  const datasets: Record<string, DatasetRecord> = {};
  for (const [input, spec] of Object.entries(definition.inputs)) {
    const name = inputs[input];
    if (!name) {
      if (spec.required)
        throw new InputError(`choose a dataset for "${spec.label}" (input ${input})`, { option: input });
      continue;
    }
    const ds = findDataset(db, name);
    if (!ds)
      throw new InputError(`input ${input}: no dataset named "${name}" in this project`, { option: input });
    datasets[input] = ds;
  }
  if (model) inheritOptions(definition, options, model, datasets);
  const columns: Record<string, string[] | undefined> = {};
  for (const [role, spec] of Object.entries(definition.roles)) {
    const value = options[role];
    if (value === undefined) continue;
    const primary = datasets[spec.input] ?? (spec.fallbackInput ? datasets[spec.fallbackInput] : undefined);
    const names = roleColumns(value);
    const holders = [primary, ...(spec.alsoInputs ?? []).map((input) => datasets[input])];
    for (const ds of holders) {
      if (!ds) continue;
      const input = Object.keys(datasets).find((key) => datasets[key] === ds) ?? spec.input;
      checkRoleColumns(ds, input, role, spec, names, columns);
    }
  }
  for (const input of Object.keys(datasets)) {
    // Inputs without roles (e.g. a product hierarchy) are loaded whole.
    const named = Object.values(definition.roles).some(
      (r) => r.input === input || r.fallbackInput === input || r.alsoInputs?.includes(input),
    );
    if (!named) columns[input] = undefined;
    else columns[input] = [...new Set(columns[input] ?? [])];
  }
  return { options, columns, datasets, model };
}

/**
 * Options the analysis leaves out are the model's own (definition.model.inherit), e.g. the
 * columns when the new table names them as the training table did. A role is inherited only
 * when the chosen table has its columns (the model's label column is used when it is there).
 */
function inheritOptions(
  definition: AnalysisDefinition,
  options: Record<string, unknown>,
  model: TrainedModel,
  datasets: Record<string, DatasetRecord>,
): void {
  const trained = (model.options ?? {}) as Record<string, unknown>;
  for (const name of definition.model?.inherit ?? []) {
    if (options[name] !== undefined || trained[name] === undefined) continue;
    const role = definition.roles[name];
    if (role) {
      const holder = datasets[role.input] ?? (role.fallbackInput ? datasets[role.fallbackInput] : undefined);
      const fits = roleColumns(trained[name]).every((column) =>
        holder?.columns.some((c) => c.name === column),
      );
      if (!fits) continue;
    }
    options[name] = trained[name];
  }
}

/** Checks that `ds` has each of a role's columns, of an accepted type; adds them to the input's columns. */
function checkRoleColumns(
  ds: DatasetRecord,
  input: string,
  role: string,
  spec: AnalysisDefinition['roles'][string],
  names: string[],
  columns: Record<string, string[] | undefined>,
): void {
  for (const columnName of names) {
    const col = ds.columns.find((c) => c.name === columnName);
    if (!col) {
      throw new InputError(`dataset "${ds.name}" has no column "${columnName}" (option ${role})`, {
        option: role,
        column: columnName,
      });
    }
    if (spec.types.length && !spec.types.includes(col.type)) {
      throw new InputError(
        `dataset "${ds.name}", column ${columnName}: expected ${spec.types.join(' or ')} for ${spec.label}, got ${col.type}`,
        { option: role, column: columnName },
      );
    }
    (columns[input] ??= []).push(columnName);
  }
}

/** Setup errors (bad options, missing columns) throw before any run exists; run failures are returned. */
export async function runAnalysis(
  db: Database.Database,
  analysisId: number,
  opts: { backend?: BackendPreference } & JobHooks = {},
): Promise<RunOutcome> {
  const analysis = getAnalysis(db, analysisId);
  const definition = findDefinition(analysis.kind);
  if (!definition) throw new InputError(`analysis "${analysis.name}": unknown kind "${analysis.kind}"`);
  const { options, columns, datasets, model } = checkAnalysisSetup(
    db,
    definition,
    analysis.inputs,
    analysis.options,
  );
  const frames: Record<string, Frame> = {};
  for (const [input, ds] of Object.entries(datasets)) frames[input] = loadFrame(db, ds.name, columns[input]);
  // Engines that can reuse intermediate results (definition.reuse) get the last finished one.
  const last = definition.reuse ? latestFinishedRun(db, analysis.id) : undefined;
  const reusedTables = [...new Set(Object.values(definition.reuse ?? {}).flat())];
  const previous = last?.status === 'done' ? loadResult(db, last.id, analysis.kind, reusedTables) : undefined;
  const run = startRun(db, analysis.id, options, analysis.inputs);
  try {
    const job = runJob(analysis.kind, frames, options, opts.backend ?? 'auto', {
      ...opts,
      previous,
      model,
    });
    // The request holds the frames now (numbers moved, text copied): let ours go.
    for (const input of Object.keys(frames)) Reflect.deleteProperty(frames, input);
    const result = await job;
    finishRun(db, run.id, result);
    return { run: getRun(db, run.id), result };
  } catch (caught) {
    const err = caught instanceof Error ? caught : new Error(String(caught));
    if (err instanceof CancelledError) endRun(db, run.id, 'cancelled', 'cancelled by the user');
    else endRun(db, run.id, 'failed', err.message, err instanceof InputError ? 'input' : 'internal');
    return { run: getRun(db, run.id), error: err };
  }
}
