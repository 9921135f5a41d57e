// A run's Result for the block above it: Results.svelte fetches the same Result and keeps it in
// lib/resultCache, so the block waits for it there first (a Result holds tables of every
// customer: fetching it twice would double the largest transfer of the screen), and fetches it
// itself only if it has not arrived after a while (e.g. that fetch failed).
import type { Result } from '../../../shared/result.ts';
import type { ApiClient } from '../../lib/rpc.ts';
import { cachedResult, rememberResult } from '../../lib/resultCache.ts';

export function awaitResult(
  api: ApiClient,
  runId: number,
  isCancelled: () => boolean,
  waitMs = 15_000,
  stepMs = 100,
): Promise<Result | undefined> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = (): void => {
      if (isCancelled()) return resolve(undefined);
      const cached = cachedResult(runId);
      if (cached) return resolve(cached);
      if (performance.now() - started < waitMs) {
        setTimeout(poll, stepMs);
        return;
      }
      api.invoke('runs.result', { runId }).then((result) => {
        rememberResult(runId, result);
        resolve(result);
      }, reject);
    };
    poll();
  });
}
