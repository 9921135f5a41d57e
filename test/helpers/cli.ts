// Runs the real command line (bin/pathwise.mjs) in a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './tmp.ts';

export interface CliOutcome {
  status: number;
  stdout: string;
  stderr: string;
}

export function pathwise(args: string[], opts: { timeout?: number } = {}): CliOutcome {
  const res = spawnSync(process.execPath, [join(repoRoot, 'bin', 'pathwise.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: opts.timeout ?? 300_000,
  });
  return { status: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}
