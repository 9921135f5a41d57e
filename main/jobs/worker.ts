// Runs one engine inside a worker thread: parses the options, selects a compute backend when
// the analysis trains with TensorFlow.js, forwards progress (throttled) and reports the Result.
import { parentPort, workerData } from 'node:worker_threads';
import type { JobMessage, JobRequest } from './protocol.ts';
import { findEngine } from '../engines/registry.ts';
import { cancellableContext } from '../engines/engine.ts';
import { parseOptions } from '../../shared/analyses/define.ts';
import { CancelledError, InputError } from '../../shared/errors.ts';
import { selectBackend } from '../engines/common/backend.ts';

const PROGRESS_INTERVAL_MS = 200;

async function main(request: JobRequest): Promise<JobMessage> {
  const engine = findEngine(request.kind);
  if (!engine) throw new InputError(`no analysis of kind "${request.kind}" can run in this version`);
  const options = parseOptions(engine.definition, request.options);
  const flag = new Int32Array(request.cancelFlag);
  let backend = 'js';
  if (engine.definition.usesTensorflow) backend = (await selectBackend(request.backend)).label;
  let lastSent = 0;
  let lastMessage = '';
  const ctx = cancellableContext(
    () => Atomics.load(flag, 0) === 1,
    (fraction, message = '') => {
      const now = Date.now();
      if (now - lastSent < PROGRESS_INTERVAL_MS && message === lastMessage && fraction < 1) return;
      lastSent = now;
      lastMessage = message;
      post({ type: 'progress', fraction: Math.max(0, Math.min(1, fraction)), message });
    },
    backend,
  );
  const result = await engine.run(request.inputs, options, ctx);
  return { type: 'done', result: { ...result, backend: result.backend ?? backend } };
}

function post(message: JobMessage): void {
  parentPort!.postMessage(message);
}

main(workerData.request as JobRequest).then(post, (err: unknown) => {
  if (err instanceof CancelledError) post({ type: 'cancelled' });
  else if (err instanceof InputError)
    post({ type: 'error', name: 'InputError', message: err.message, where: err.where });
  else {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'error', name: e.name, message: e.message, stack: e.stack });
  }
});
