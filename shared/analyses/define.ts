// An analysis declared as data (jamovi's .a.yaml in TypeScript): the inputs, the column
// roles with their type checks, the options with defaults and help, the tables and charts.
// The wizard, the CLI, the engine contract test and the project file all read this.
import { z } from 'zod';
import type { DataType } from '../frame.ts';
import { InputError } from '../errors.ts';

/** A dataset the analysis reads (e.g. `data`, `events`, `labels`). */
export interface InputSpec {
  label: string;
  help: string;
  required: boolean;
}

/**
 * An option whose value names one column (`column`), several (`columns`), or one column per
 * key (`columnMap`, e.g. a time column per state: `{"Paused": "St3"}`) of an input.
 */
export interface RoleSpec {
  input: string;
  kind: 'column' | 'columns' | 'columnMap';
  /** Accepted column types; empty = any. */
  types: DataType[];
  label: string;
  help: string;
  /** For `columns`: how many at least. */
  min?: number;
  /** When `input` is not given, the column is looked up in this input (e.g. a label column in the events). */
  fallbackInput?: string;
  /** Inputs that must hold the same column when they are given (e.g. the customer id of a labels table). */
  alsoInputs?: string[];
}

/** How the wizard shows an option that is not a role. */
export interface FieldSpec {
  label: string;
  help: string;
  /** Show only when another option has one of these values (e.g. k only for kmeans). */
  when?: { option: string; is: readonly (string | number | boolean)[] };
}

export interface AnalysisDefinition<Schema extends z.ZodType = z.ZodType> {
  kind: string;
  version: number;
  title: string;
  summary: string;
  /** 'ready' analyses run; 'coming' ones are listed in the gallery only. */
  status: 'ready' | 'coming';
  /** Whether the engine trains with TensorFlow.js (so a backend is selected for it). */
  usesTensorflow: boolean;
  inputs: Record<string, InputSpec>;
  roles: Record<string, RoleSpec>;
  options: Schema;
  fields: Record<string, FieldSpec>;
  /** Tables the Result may hold, in display order. */
  tables: Record<string, { title: string; help: string }>;
  /** Charts the chart builder makes, in display order. */
  charts: Record<string, { title: string; help: string }>;
  /**
   * Options whose change keeps earlier results (jamovi's clearWith, inverted), each with the
   * tables of the last finished run the engine reads then (it gets them with the artifacts;
   * per-customer tables it does not need are not loaded).
   */
  reuse?: Record<string, string[]>;
  /**
   * The analysis applies the model saved by another analysis of `kind` (its last finished
   * run), named by the option `option` (its id or its name): e.g. scoring new customers.
   * Options listed in `inherit` that are not given are taken from that run's options (e.g.
   * the column roles, when the new table names its columns as the training table did; a
   * role only when the chosen table has its columns).
   */
  model?: { option: string; kind: string; inherit?: string[] };
}

export function defineAnalysis<Schema extends z.ZodType>(
  d: AnalysisDefinition<Schema>,
): AnalysisDefinition<Schema> {
  return d;
}

/** zod issues as one line that names the option, e.g. `option k: expected a number >= 2`. */
export function formatOptionIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `option ${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Validates raw options against a definition; throws an InputError naming the option. */
export function parseOptions<S extends z.ZodType>(def: AnalysisDefinition<S>, raw: unknown): z.infer<S> {
  const parsed = def.options.safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(`${def.kind} options: ${formatOptionIssues(parsed.error)}`, {
      option: first ? first.path.map(String).join('.') : undefined,
    });
  }
  return parsed.data;
}
