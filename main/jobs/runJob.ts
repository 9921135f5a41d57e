// Runs an engine off the main thread in a worker, with progress and cancel.
// Cancel sets a shared flag the engine polls; a worker that has not stopped within
// CANCEL_GRACE_MS is terminated, so cancel always takes effect within a second.
// A worker that crashes (uncaught error, out of memory, exit) rejects with the reason.
import { Worker } from 'node:worker_threads';
import type { Frame } from '../../shared/frame.ts';
import type { Result } from '../../shared/result.ts';
import { CancelledError, InputError } from '../../shared/errors.ts';
import type { BackendPreference } from '../engines/common/backend.ts';
import type { JobMessage, JobRequest } from './protocol.ts';

const CANCEL_GRACE_MS = 500;
const bootUrl = new URL('./worker-boot.mjs', import.meta.url);
const workerUrl = new URL('./worker.ts', import.meta.url);

export interface JobHooks {
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  /** Another worker module speaking the same protocol (tests use one that crashes). */
  workerModule?: URL;
}

export class JobCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobCrashedError';
  }
}

export function runJob(
  kind: string,
  inputs: Record<string, Frame>,
  options: unknown,
  backend: BackendPreference,
  hooks: JobHooks = {},
): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    if (hooks.signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const cancelFlag = new SharedArrayBuffer(4);
    const request: JobRequest = { kind, options, inputs, backend, cancelFlag };
    const transfer = Object.values(inputs).flatMap((frame) =>
      frame.columns.flatMap((c) =>
        c.values instanceof Float64Array ? [c.values.buffer as ArrayBuffer] : [],
      ),
    );
    const worker = new Worker(bootUrl, {
      workerData: { entry: (hooks.workerModule ?? workerUrl).href, request },
      transferList: transfer,
      resourceLimits: { maxOldGenerationSizeMb: 8192 },
    });
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      fn();
      void worker.terminate();
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      killTimer = setTimeout(() => settle(() => reject(new CancelledError())), CANCEL_GRACE_MS);
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: JobMessage) => {
      switch (message.type) {
        case 'progress':
          if (!settled) hooks.onProgress?.(message.fraction, message.message);
          break;
        case 'done':
          settle(() => resolve(message.result));
          break;
        case 'cancelled':
          settle(() => reject(new CancelledError()));
          break;
        case 'error':
          settle(() =>
            reject(
              message.name === 'InputError'
                ? new InputError(message.message, message.where)
                : new JobCrashedError(`the analysis failed: ${message.message}`),
            ),
          );
          break;
      }
    });
    worker.on('error', (err) =>
      settle(() => reject(new JobCrashedError(`the analysis crashed: ${err.message}`))),
    );
    worker.on('exit', (code) => {
      if (hooks.signal?.aborted) settle(() => reject(new CancelledError()));
      else settle(() => reject(new JobCrashedError(`the analysis stopped unexpectedly (exit code ${code})`)));
    });
  });
}
