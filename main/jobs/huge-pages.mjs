// Large arrays on transparent huge pages. The engines' big arrays (the distances of every pair
// of customers: n (n - 1) / 2 doubles, 1.6 GB at 20,000) come from glibc's malloc, and the
// first write to each 4 KB page of fresh memory is a page fault: on virtual machines about
// 20 µs each, 8 s for 1.6 GB, where the writes themselves take 1 s. On Linux, glibc 2.35 and
// later map such blocks with huge pages (one fault per 2 MB) when GLIBC_TUNABLES holds
// glibc.malloc.hugetlb=1, which must be set before the process starts: so the launchers start
// Node again with it (about 0.1 s), and Electron's job processes get it in their environment.
// Elsewhere (macOS, Windows, musl) nothing changes.
import { spawn } from 'node:child_process';

const TUNABLE = 'glibc.malloc.hugetlb=1';
/** Set in the relaunched process. */
const LAUNCHED = 'PATHWISE_RELAUNCHED';

/** `env` with the huge-page tunable added to GLIBC_TUNABLES (kept when already set). */
export function hugePagesEnv(env) {
  const current = env.GLIBC_TUNABLES ?? '';
  if (current.includes('glibc.malloc.hugetlb')) return env;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:${TUNABLE}` : TUNABLE };
}

/**
 * On Linux without the tunable, runs this same Node command again with it and resolves to its
 * exit code; otherwise (or when the new process cannot start) resolves to undefined, and the
 * caller goes on in this process. Ctrl-C reaches both processes (a terminal signals the whole
 * process group), so this one waits for the other to stop; SIGTERM is passed on. The new
 * process stops itself (SIGTERM) when this one dies, through the IPC channel closing.
 */
export function relaunchWithHugePages() {
  if (process.env[LAUNCHED] && process.channel) {
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  if (process.platform !== 'linux' || hugePagesEnv(process.env) === process.env) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...hugePagesEnv(process.env), [LAUNCHED]: '1' },
    });
    const wait = () => {};
    const forward = () => child.kill('SIGTERM');
    child.on('spawn', () => {
      process.on('SIGINT', wait);
      process.on('SIGTERM', forward);
    });
    child.on('error', () => resolve(undefined));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', wait);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
