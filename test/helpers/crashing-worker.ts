// A worker that dies the way a native crash or an out-of-memory kill looks to the host.
import { parentPort, workerData } from 'node:worker_threads';

const how = (workerData.request as { options: { how: string } }).options.how;
parentPort!.postMessage({ type: 'progress', fraction: 0.1, message: 'starting' });
if (how === 'exit') process.exit(3);
if (how === 'throw')
  setTimeout(() => {
    throw new Error('segfault-like failure');
  }, 10);
if (how === 'hang') setInterval(() => {}, 1000);
