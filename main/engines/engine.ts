// The engine contract: pure computation, frames in, Result out. The job host supplies
// progress and cancellation; engines never touch files, SQLite or Electron.
import type { Frame } from '../../shared/frame.ts';
import type { PartialRow, Result } from '../../shared/result.ts';
import type { AnalysisDefinition } from '../../shared/analyses/define.ts';
import { CancelledError } from '../../shared/errors.ts';

/**
 * A finished analysis whose saved model a run applies (definition.model): its last finished
 * run's options and artifacts (not its tables, which may hold a row per customer).
 */
export interface TrainedModel {
  analysisId: number;
  analysisName: string;
  runId: number;
  options: unknown;
  artifacts: Record<string, Uint8Array>;
}

/**
 * Work spread over worker threads (one per core) by the job host, so engines stay free of
 * threads and I/O. A kernel is a module under main/engines (pure computation) exporting
 * `runPart(input, part, report)`; SharedArrayBuffers inside `input` are shared with every
 * worker (a kernel writes its output there), everything else is copied.
 */
export interface ParallelRunner {
  /** How many workers run at once. */
  readonly workers: number;
  /**
   * Runs the kernel's runPart for part = 0 .. parts - 1 on the workers and resolves with the
   * return values in part order. `report(units)` in a kernel adds finished work units;
   * `onProgress` gets the running total. A cancelled job rejects with CancelledError.
   */
  run<T>(
    kernelUrl: string,
    input: unknown,
    parts: number,
    onProgress?: (units: number) => void,
  ): Promise<T[]>;
}

/** A kernel module's entry point (see ParallelRunner). */
export type KernelPart<Input, Output> = (
  input: Input,
  part: number,
  report: (units: number) => void,
) => Output;

export interface EngineContext {
  /**
   * Fraction done in [0, 1] and what is happening; the host throttles and forwards it. A
   * `partial` row (e.g. an epoch of training) is always forwarded, never throttled away.
   */
  progress(fraction: number, message?: string, partial?: PartialRow): void;
  /** Throws CancelledError when the user has cancelled: call it inside long loops. */
  checkCancelled(): void;
  /** The compute backend selected for this run (DESIGN.md section 5). */
  backend: string;
  /** What the analyst asked for ('auto' unless a backend was forced, e.g. `--backend wasm`). */
  backendPreference?: string;
  /**
   * The last finished Result of the same analysis, when its definition declares `reuse`:
   * the engine may take intermediate results from it (e.g. encodings, to re-cluster
   * without retraining) when the options that produced them are unchanged.
   */
  previous?: Result;
  /** The model this analysis applies, when its definition declares `model`. */
  model?: TrainedModel;
  /** Worker threads for kernels (absent in direct calls: engines then run the parts in turn). */
  parallel?: ParallelRunner;
}

export interface Engine<Options = unknown> {
  definition: AnalysisDefinition;
  /**
   * `options` have already been parsed by definition.options (defaults filled in). `inputs` is
   * the engine's own record: the host keeps no other reference to it, so an engine may delete
   * a frame once it has read what it needs and let its memory go during a long run.
   */
  run(inputs: Record<string, Frame>, options: Options, ctx: EngineContext): Result | Promise<Result>;
  /**
   * The checks that need the data, cheap next to a run (the wizard calls them through
   * analyses.validate before anything runs): throws an InputError, or returns warnings.
   */
  check?(inputs: Record<string, Frame>, options: Options, model?: TrainedModel): { warnings: string[] };
}

/** A context for tests and direct calls: no progress sink, never cancelled unless told. */
export function plainContext(overrides: Partial<EngineContext> = {}): EngineContext {
  return { progress: () => {}, checkCancelled: () => {}, backend: 'js', ...overrides };
}

/** Context whose checkCancelled throws once `isCancelled()` turns true. */
export function cancellableContext(
  isCancelled: () => boolean,
  progress: EngineContext['progress'],
  backend: string,
): EngineContext {
  return {
    progress,
    backend,
    checkCancelled() {
      if (isCancelled()) throw new CancelledError();
    },
  };
}
