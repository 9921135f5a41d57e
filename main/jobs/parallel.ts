// The job host's worker pool for engine kernels (EngineContext.parallel): one worker thread
// per core, started on the first run and reused for the rest of the job. A run hands every
// part to the next idle worker; the kernels share the job's SharedArrayBuffers, so results
// are written in place and only small return values travel back. While a run is going the
// pool polls the job's cancel flag; a cancel terminates the workers at once (a kernel need
// not poll) and the run rejects with CancelledError.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { CancelledError } from '../../shared/errors.ts';
import type { ParallelRunner } from '../engines/engine.ts';
import type { KernelReply, KernelRequest } from './parallel-worker.ts';

const bootUrl = new URL('./worker-boot.mjs', import.meta.url);
const kernelWorkerUrl = new URL('./parallel-worker.ts', import.meta.url);
const CANCEL_POLL_MS = 50;

export interface ClosableParallelRunner extends ParallelRunner {
  /** Stops the workers (the job is over). */
  close(): void;
}

export function createParallelRunner(
  isCancelled: () => boolean,
  workers = availableParallelism(),
): ClosableParallelRunner {
  let pool: Worker[] = [];
  const size = Math.max(1, workers);

  /** At least `count` workers (at most `size`), started on first need and kept for the job. */
  const start = (count: number): Worker[] => {
    while (pool.length < Math.min(size, Math.max(1, count))) {
      pool.push(
        new Worker(bootUrl, {
          workerData: { entry: kernelWorkerUrl.href },
          resourceLimits: { maxOldGenerationSizeMb: 4096 },
        }),
      );
    }
    return pool.slice(0, Math.min(size, Math.max(1, count)));
  };
  const stop = (): void => {
    for (const worker of pool) void worker.terminate();
    pool = [];
  };

  return {
    workers: size,
    close: stop,
    run<T>(kernelUrl: string, input: unknown, parts: number, onProgress?: (units: number) => void) {
      return new Promise<T[]>((resolve, reject) => {
        if (isCancelled()) {
          reject(new CancelledError());
          return;
        }
        const workersNow = start(parts);
        const outputs: T[] = new Array<T>(parts);
        let handed = 0;
        let finished = 0;
        let units = 0;
        let settled = false;
        const listeners = new Map<Worker, (reply: KernelReply) => void>();
        const failures = new Map<Worker, (error: Error) => void>();
        const poll = setInterval(() => {
          if (isCancelled()) finish(new CancelledError());
        }, CANCEL_POLL_MS);
        const finish = (error?: Error): void => {
          if (settled) return;
          settled = true;
          clearInterval(poll);
          for (const [worker, listener] of listeners) worker.off('message', listener);
          for (const [worker, listener] of failures) worker.off('error', listener);
          if (error) {
            stop();
            reject(error);
          } else resolve(outputs);
        };
        const hand = (worker: Worker): void => {
          if (handed >= parts) return;
          const request: KernelRequest = { kernelUrl, input, part: handed++ };
          worker.postMessage(request);
        };
        for (const worker of workersNow) {
          const listener = (reply: KernelReply): void => {
            if (settled) return;
            if (reply.type === 'progress') {
              units += reply.units;
              onProgress?.(units);
            } else if (reply.type === 'error') {
              finish(new Error(`a parallel part failed: ${reply.message}`));
            } else {
              outputs[reply.part] = reply.output as T;
              finished++;
              if (finished === parts) finish();
              else hand(worker);
            }
          };
          const failure = (error: Error): void =>
            finish(new Error(`a parallel worker crashed: ${error.message}`));
          listeners.set(worker, listener);
          failures.set(worker, failure);
          worker.on('message', listener);
          worker.on('error', failure);
        }
        if (parts === 0) finish();
        else for (const worker of workersNow) hand(worker);
      });
    },
  };
}
