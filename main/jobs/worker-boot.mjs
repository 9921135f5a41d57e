// Entry point of an engine worker thread: registers the TypeScript loader (tsx) for this
// thread, whose module hooks are not inherited from the parent, then loads the worker.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
