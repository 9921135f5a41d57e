// Jobs in Electron's utility process: each run is its own Node process started by Electron,
// so a crash or an out-of-memory engine never takes the app's main process with it. It speaks
// the job protocol of main/jobs/protocol.ts; cancel kills the process at once (no shared
// memory across processes for a cooperative flag).
import { fileURLToPath } from 'node:url';
import type { JobLauncher } from '../jobs/runJob.ts';
import type { JobMessage } from '../jobs/protocol.ts';
import type { UtilityProcessModule } from './electronTypes.ts';
import { hugePagesEnv } from '../jobs/huge-pages.mjs';

const childEntry = fileURLToPath(new URL('../jobs/utility-child-boot.mjs', import.meta.url));

export function utilityProcessLauncher(utilityProcess: UtilityProcessModule): JobLauncher {
  return (request) => {
    // With huge pages for the engines' large arrays (huge-pages.mjs), however the app started.
    const child = utilityProcess.fork(childEntry, [], {
      serviceName: `Pathwise ${request.kind} job`,
      env: hugePagesEnv(process.env),
    });
    // SharedArrayBuffer does not cross processes: the child makes a flag of its own.
    const { cancelFlag: _notShared, ...portable } = request;
    child.postMessage(portable);
    let exited = false;
    return {
      cooperativeCancel: false,
      onMessage: (listener) => child.on('message', (message) => listener(message as JobMessage)),
      onFailure: (listener) =>
        child.on('exit', (code) => {
          exited = true;
          listener(`the analysis stopped unexpectedly (exit code ${code})`);
        }),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
