// The launchers' huge pages (main/jobs/huge-pages.mjs):
//   - hugePagesEnv adds glibc.malloc.hugetlb=1 to GLIBC_TUNABLES, keeps other tunables, and
//     returns the same object when the tunable is already there (so a relaunched process does
//     not start again);
//   - relaunchWithHugePages, from a script run by Node: on Linux the script runs a second time
//     with the tunable (its stdout and arguments passed through, its exit code returned by the
//     first), and the second run goes on in its own process; elsewhere it runs once;
//   - the relaunched process stops (SIGTERM) when the launcher dies: the launcher is killed
//     with SIGKILL and its child's pid no longer answers within 2 s.
// Cost: about 1 s (a few Node processes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hugePagesEnv } from '../../../main/jobs/huge-pages.mjs';

const moduleUrl = pathToFileURL(join(import.meta.dirname, '../../../main/jobs/huge-pages.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'pathwise-huge-pages-'));
const { GLIBC_TUNABLES: _inherited, PATHWISE_RELAUNCHED: _marker, ...baseEnv } = process.env;

test('hugePagesEnv adds the tunable once and keeps the others', () => {
  assert.equal(hugePagesEnv({ A: '1' }).GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1');
  assert.equal(
    hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES,
    'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1',
  );
  const already = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };
  assert.equal(hugePagesEnv(already), already);
});

test('a launcher runs its script again with the tunable and returns its exit code', () => {
  const script = join(dir, 'launch.mjs');
  writeFileSync(
    script,
    `import { relaunchWithHugePages } from '${moduleUrl}';
const code = await relaunchWithHugePages();
if (code !== undefined) { console.log('launcher got ' + code); process.exitCode = code; }
else { console.log('ran with ' + (process.env.GLIBC_TUNABLES ?? '') + ' ' + process.argv.slice(2).join(' ')); process.exitCode = 7; }
`,
  );
  const res = spawnSync(process.execPath, [script, 'a', 'b'], { env: baseEnv, encoding: 'utf8' });
  if (process.platform === 'linux') {
    assert.equal(res.stdout, 'ran with glibc.malloc.hugetlb=1 a b\nlauncher got 7\n');
  } else {
    assert.equal(res.stdout, 'ran with  a b\n');
  }
  assert.equal(res.status, 7);
});

test(
  'the relaunched process stops when its launcher dies',
  { skip: process.platform !== 'linux' },
  async () => {
    const script = join(dir, 'wait.mjs');
    writeFileSync(
      script,
      `import { relaunchWithHugePages } from '${moduleUrl}';
if ((await relaunchWithHugePages()) === undefined) {
  console.log(String(process.pid));
  setInterval(() => {}, 1000);
}
`,
    );
    const launcher = spawn(process.execPath, [script], {
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const childPid = await new Promise<number>((resolve) =>
      launcher.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    assert.ok(childPid > 0 && childPid !== launcher.pid);
    launcher.kill('SIGKILL');
    const alive = (): boolean => {
      try {
        process.kill(childPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 2000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const stillAlive = alive();
    if (stillAlive) process.kill(childPid, 'SIGKILL');
    assert.equal(stillAlive, false, 'the relaunched process outlived its launcher');
  },
);
