// A job in a worker thread: the request arrives as workerData; cancel is a shared Int32 flag.
import { parentPort, workerData } from 'node:worker_threads';
import type { JobMessage, JobRequest } from './protocol.ts';
import { executeJob } from './executeJob.ts';

const request = workerData.request as JobRequest;
const flag = new Int32Array(request.cancelFlag);
void executeJob(
  request,
  (message: JobMessage) => parentPort!.postMessage(message),
  () => Atomics.load(flag, 0) === 1,
);
