// A job in Electron's utility process: the request arrives as the first message on
// process.parentPort. There is no shared memory across processes, so cancel kills the
// process (the host does that); the engine's cancel check never fires here.
import type { JobMessage, JobRequest } from './protocol.ts';
import { executeJob } from './executeJob.ts';

interface ParentPort {
  once(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort: ParentPort }).parentPort;
port.once('message', (e) => {
  void executeJob(
    { ...(e.data as Omit<JobRequest, 'cancelFlag'>), cancelFlag: new SharedArrayBuffer(4) },
    (message: JobMessage) => port.postMessage(message),
    () => false,
  ).then(() => process.exit(0));
});
