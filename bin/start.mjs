#!/usr/bin/env node
// `npm start`: the desktop app when Electron and its binary are installed; otherwise, in one
// line, why not, and the same app in browser mode on a printed 127.0.0.1 address
// (`pathwise serve`). Arguments after `npm start --` go to `serve` (e.g. --port 8080).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { relaunchWithHugePages } from '../main/jobs/huge-pages.mjs';

const require = createRequire(import.meta.url);

/** The Electron binary's path, or undefined when the package or its download is missing. */
function electronBinary() {
  try {
    // The electron package exports the path of its downloaded binary (and throws without it).
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const electron = process.env.PATHWISE_BROWSER_MODE ? undefined : electronBinary();
if (electron) {
  const entry = fileURLToPath(new URL('../main/app/entry.mjs', import.meta.url));
  // Its job processes get the huge-page tunable where they are forked (main/app/utilityJobs.ts).
  const child = spawn(electron, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
} else {
  const relaunched = await relaunchWithHugePages();
  if (relaunched !== undefined) process.exitCode = relaunched;
  else await browserMode();
}

/** Browser mode in this process (on Linux, one started again with huge pages). */
async function browserMode() {
  console.log(
    'Electron is not installed (its binary could not be downloaded); opening Pathwise in browser mode instead',
  );
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../main/cli.ts');
  process.exitCode = await main(['serve', ...process.argv.slice(2)]);
}
