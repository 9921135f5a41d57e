#!/usr/bin/env node
// The `pathwise` command: loads the TypeScript CLI through tsx (on Linux in a Node started
// again with huge pages for the engines' large arrays, main/jobs/huge-pages.mjs).
import { relaunchWithHugePages } from '../main/jobs/huge-pages.mjs';

const relaunched = await relaunchWithHugePages();
if (relaunched !== undefined) process.exitCode = relaunched;
else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../main/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
