// Results already fetched, by run id: a run's Result never changes once stored, so switching
// between runs (or a view re-created after the runs list reloads) draws at once. A few only:
// a Result can hold tables of every customer.
import type { Result } from '../../shared/result.ts';

const capacity = 6;
const results = new Map<number, Result>();

export function cachedResult(runId: number): Result | undefined {
  const result = results.get(runId);
  if (result) {
    results.delete(runId);
    results.set(runId, result);
  }
  return result;
}

export function rememberResult(runId: number, result: Result): void {
  results.delete(runId);
  results.set(runId, result);
  while (results.size > capacity) results.delete(results.keys().next().value!);
}
