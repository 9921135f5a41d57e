#!/usr/bin/env node
// Runs the test suite with Node's own test runner (TypeScript through tsx).
//   node test/run.mjs            unit, contract and integration tests
//   node test/run.mjs e2e        end-to-end tests (Playwright + Chromium)
//   node test/run.mjs PATH...    only the test files under these paths
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const defaults = ['test/unit', 'test/contract', 'test/integration', 'test/e2e'];
const roots = args.length === 0 ? defaults : args[0] === 'e2e' ? ['test/e2e'] : args;

function collect(path, out) {
  const full = join(root, path);
  const st = statSync(full, { throwIfNoEntry: false });
  if (!st) return out;
  if (st.isFile()) out.push(relative(root, full));
  else
    for (const name of readdirSync(full).sort()) {
      if (name === 'fixtures' || name === 'tmp' || name === 'node_modules') continue;
      const child = join(path, name);
      if (statSync(join(root, child)).isDirectory()) collect(child, out);
      else if (/\.test\.ts$/.test(name)) out.push(child);
    }
  return out;
}

const files = roots.flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
// Two files at a time, except the end-to-end ones: each drives a Chromium, a server and the
// engines, so two at once on two cores make their latency checks (e.g. cancel) measure the load.
const endToEnd = files.filter((f) => f.startsWith(join('test', 'e2e')));
const others = files.filter((f) => !endToEnd.includes(f));
let status = 0;
for (const [group, concurrency] of [
  [others, 2],
  [endToEnd, 1],
]) {
  if (group.length === 0) continue;
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000', ...group],
    { cwd: root, stdio: 'inherit' },
  );
  if ((res.status ?? 1) !== 0) status = res.status ?? 1;
}
process.exit(status);
