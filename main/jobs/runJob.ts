// Runs an engine off the main thread, with progress and cancel. The carrier is a worker
// thread by default; Electron passes a launcher for its utility process (same protocol).
// Cancel sets a shared flag the engine polls; a carrier that has not stopped within
// CANCEL_GRACE_MS is killed, so cancel always takes effect within a second.
// A carrier that crashes (uncaught error, out of memory, exit) rejects with the reason.
import { Worker } from 'node:worker_threads';
import type { Frame } from '../../shared/frame.ts';
import type { PartialRow, Result } from '../../shared/result.ts';
import { CancelledError, InputError } from '../../shared/errors.ts';
import type { BackendPreference } from '../engines/common/backend.ts';
import type { TrainedModel } from '../engines/engine.ts';
import type { JobMessage, JobRequest } from './protocol.ts';

const CANCEL_GRACE_MS = 500;
const bootUrl = new URL('./worker-boot.mjs', import.meta.url);
const workerUrl = new URL('./worker.ts', import.meta.url);

/** A running job as its host sees it, whatever carries it. */
export interface JobCarrier {
  onMessage(listener: (message: JobMessage) => void): void;
  /** The carrier died: an uncaught error or an exit before it reported. */
  onFailure(listener: (reason: string) => void): void;
  kill(): void;
  /** Whether the carrier polls the request's cancelFlag (false: cancel kills at once). */
  cooperativeCancel: boolean;
}

export type JobLauncher = (request: JobRequest, transfer: ArrayBuffer[], workerModule?: URL) => JobCarrier;

export interface JobHooks {
  onProgress?: (fraction: number, message: string, partial?: PartialRow) => void;
  /** The analysis's last finished Result, handed to engines that declare `reuse`. */
  previous?: Result;
  /** The model the analysis applies (definition.model). */
  model?: TrainedModel;
  signal?: AbortSignal;
  /** Another worker module speaking the same protocol (tests use one that crashes). */
  workerModule?: URL;
  /** What carries the job; worker threads when omitted. */
  launcher?: JobLauncher;
}

/** Worker threads: the default carrier (browser mode, CLI, tests). */
export const workerThreadLauncher: JobLauncher = (request, transfer, workerModule) => {
  const worker = new Worker(bootUrl, {
    workerData: { entry: (workerModule ?? workerUrl).href, request },
    transferList: transfer,
    resourceLimits: { maxOldGenerationSizeMb: 8192 },
  });
  return {
    cooperativeCancel: true,
    onMessage: (listener) => worker.on('message', listener),
    onFailure: (listener) => {
      worker.on('error', (err) => listener(`the analysis crashed: ${err.message}`));
      worker.on('exit', (code) => listener(`the analysis stopped unexpectedly (exit code ${code})`));
    },
    kill: () => void worker.terminate(),
  };
};

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
    if (hooks.previous) request.previous = hooks.previous;
    if (hooks.model) request.model = hooks.model;
    // Numeric columns move to the carrier instead of being copied (the caller's frames are
    // spent): a million customers' events are half a gigabyte.
    const transfer = Object.values(inputs).flatMap((frame) =>
      frame.columns.flatMap((c) => (Array.isArray(c.values) ? [] : [c.values.buffer as ArrayBuffer])),
    );
    const carrier = (hooks.launcher ?? workerThreadLauncher)(request, transfer, hooks.workerModule);
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      fn();
      carrier.kill();
    };
    const onAbort = () => {
      if (!carrier.cooperativeCancel) {
        settle(() => reject(new CancelledError()));
        return;
      }
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      killTimer = setTimeout(() => settle(() => reject(new CancelledError())), CANCEL_GRACE_MS);
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    carrier.onMessage((message: JobMessage) => {
      switch (message.type) {
        case 'progress':
          if (!settled) hooks.onProgress?.(message.fraction, message.message, message.partial);
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
    carrier.onFailure((reason) => {
      if (hooks.signal?.aborted) settle(() => reject(new CancelledError()));
      else settle(() => reject(new JobCrashedError(reason)));
    });
  });
}
