// Re-clustering without retraining (shared/analyses/rnn.ts `reuse`): main hands the engine the
// analysis's last finished Result, and the engine keeps its trained weights when every option
// but `cluster` is the same (main/engines/rnn/index.ts sameTraining: the parsed options
// compared as JSON). So re-clustering is saving the analysis's options with another `cluster`
// and starting a run; these helpers build those options and tell whether the model will be
// reused, the same way the engine decides.
import { rnnClusterOptions, rnnOptions } from '../../../shared/analyses/rnn.ts';
import type { Response } from '../../../shared/api.ts';
import type { GroupValue } from './fields.ts';

/** The warning of a run that reused the previous run's model (the engine's words). */
const reusedWarning = /model of the previous run was reused/;

export function modelReused(warnings: readonly string[]): boolean {
  return warnings.some((w) => reusedWarning.test(w));
}

/** Everything that trains the model (the parsed options but `cluster`), as JSON; undefined if they do not parse. */
export function trainingKey(options: unknown): string | undefined {
  const parsed = rnnOptions.safeParse(options);
  if (!parsed.success) return undefined;
  const { cluster: _cluster, ...training } = parsed.data;
  return JSON.stringify(training);
}

/** Whether two option sets train the same model (so a run of `next` after `previous` reuses it). */
export function sameTraining(previous: unknown, next: unknown): boolean {
  const a = trainingKey(previous);
  return a !== undefined && a === trainingKey(next);
}

/** The segment options of a run (its options as run, defaults filled in). */
export function clusterOf(options: unknown): GroupValue {
  const raw =
    options && typeof options === 'object' ? (options as Record<string, unknown>).cluster : undefined;
  const parsed = rnnClusterOptions.safeParse(raw ?? {});
  return parsed.success ? { ...parsed.data } : { ...rnnClusterOptions.parse({}) };
}

/** The analysis's options with other segment options (everything else exactly as saved). */
export function reclusterOptions(saved: unknown, cluster: GroupValue): Record<string, unknown> {
  const options = saved && typeof saved === 'object' ? { ...(saved as Record<string, unknown>) } : {};
  return { ...options, cluster: { ...cluster } };
}

type Run = Response<'runs.list'>[number];

/** The run whose Result main hands to the next run: the newest finished one. */
export function latestDoneRun(runs: readonly Run[]): Run | undefined {
  return [...runs].filter((r) => r.status === 'done').sort((a, b) => b.id - a.id)[0];
}

/** A duration in milliseconds as "850 ms", "1.2 s", "3 min 20 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
