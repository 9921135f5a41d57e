// The engine side of a job, whatever carries it (a worker thread or Electron's utility
// process): parses the options, selects a compute backend when the analysis trains with
// TensorFlow.js, forwards progress (throttled) and reports the Result or the error.
import type { JobMessage, JobRequest } from './protocol.ts';
import { findEngine } from '../engines/registry.ts';
import { cancellableContext } from '../engines/engine.ts';
import { parseOptions } from '../../shared/analyses/define.ts';
import { CancelledError, InputError } from '../../shared/errors.ts';
import { selectBackend } from '../engines/common/backend.ts';
import { createParallelRunner } from './parallel.ts';

const PROGRESS_INTERVAL_MS = 200;

export async function executeJob(
  request: JobRequest,
  post: (message: JobMessage) => void,
  isCancelled: () => boolean,
): Promise<void> {
  // Kernel workers start only when an engine asks for them, and stop with the job.
  const parallel = createParallelRunner(isCancelled);
  try {
    const engine = findEngine(request.kind);
    if (!engine) throw new InputError(`no analysis of kind "${request.kind}" can run in this version`);
    const options = parseOptions(engine.definition, request.options);
    let backend = 'js';
    if (engine.definition.usesTensorflow) backend = (await selectBackend(request.backend)).label;
    let lastSent = 0;
    let lastMessage = '';
    const ctx = cancellableContext(
      isCancelled,
      (fraction, message = '', partial) => {
        const now = Date.now();
        const quiet = now - lastSent < PROGRESS_INTERVAL_MS && message === lastMessage && fraction < 1;
        if (quiet && !partial) return;
        lastSent = now;
        lastMessage = message;
        const clamped = Math.max(0, Math.min(1, fraction));
        post(
          partial
            ? { type: 'progress', fraction: clamped, message, partial }
            : { type: 'progress', fraction: clamped, message },
        );
      },
      backend,
    );
    if (request.previous) ctx.previous = request.previous;
    if (request.model) ctx.model = request.model;
    ctx.backendPreference = request.backend;
    ctx.parallel = parallel;
    // The engine gets the only reference to the frames (it may let them go mid-run).
    const inputs = { ...request.inputs };
    for (const key of Object.keys(request.inputs)) Reflect.deleteProperty(request.inputs, key);
    const result = await engine.run(inputs, options, ctx);
    post({ type: 'done', result: { ...result, backend: result.backend ?? backend } });
  } catch (err) {
    if (err instanceof CancelledError) post({ type: 'cancelled' });
    else if (err instanceof InputError)
      post({ type: 'error', name: 'InputError', message: err.message, where: err.where });
    else {
      const e = err instanceof Error ? err : new Error(String(err));
      post({ type: 'error', name: e.name, message: e.message, stack: e.stack });
    }
  } finally {
    parallel.close();
  }
}
