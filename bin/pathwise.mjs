#!/usr/bin/env node
// The `pathwise` command: loads the TypeScript CLI through tsx. The commands that run engines
// do so on Linux in a Node started again with huge pages for their large arrays
// (main/jobs/huge-pages.mjs); the others are not worth the extra 0.1 s.
import { relaunchWithHugePages } from '../main/jobs/huge-pages.mjs';

const runsEngines = ['run', 'demo', 'serve'].includes(process.argv[2] ?? '');
const relaunched = runsEngines ? await relaunchWithHugePages() : undefined;
if (relaunched !== undefined) process.exitCode = relaunched;
else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../main/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
