// A worker of the kernel pool (parallel.ts): runs one part of a kernel at a time. The kernel
// module is imported once per worker; progress is batched so a busy kernel does not flood
// the pool with messages.
import { parentPort } from 'node:worker_threads';
import type { KernelPart } from '../engines/engine.ts';

export interface KernelRequest {
  kernelUrl: string;
  input: unknown;
  part: number;
}

export type KernelReply =
  | { type: 'progress'; units: number }
  | { type: 'done'; part: number; output: unknown }
  | { type: 'error'; message: string };

const PROGRESS_INTERVAL_MS = 100;
const kernels = new Map<string, Promise<KernelPart<unknown, unknown>>>();

function kernel(url: string): Promise<KernelPart<unknown, unknown>> {
  let loaded = kernels.get(url);
  if (!loaded) {
    loaded = import(url).then((module: { runPart?: KernelPart<unknown, unknown> }) => {
      if (typeof module.runPart !== 'function') throw new Error(`${url} exports no runPart`);
      return module.runPart;
    });
    kernels.set(url, loaded);
  }
  return loaded;
}

parentPort!.on('message', (request: KernelRequest) => {
  void (async () => {
    try {
      const runPart = await kernel(request.kernelUrl);
      let pending = 0;
      let lastSent = Date.now();
      const report = (units: number): void => {
        pending += units;
        const now = Date.now();
        if (now - lastSent >= PROGRESS_INTERVAL_MS) {
          parentPort!.postMessage({ type: 'progress', units: pending } satisfies KernelReply);
          pending = 0;
          lastSent = now;
        }
      };
      const output = runPart(request.input, request.part, report);
      if (pending > 0) parentPort!.postMessage({ type: 'progress', units: pending } satisfies KernelReply);
      parentPort!.postMessage({ type: 'done', part: request.part, output } satisfies KernelReply);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      parentPort!.postMessage({ type: 'error', message } satisfies KernelReply);
    }
  })();
});
