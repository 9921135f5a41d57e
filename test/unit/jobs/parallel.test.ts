// The job host's worker pool (main/jobs/parallel.ts) running the sequence distance kernel
// (main/engines/sequence/distance-kernel.ts) on 2 worker threads:
//   - the distinct sequences' distances the workers write into the shared matrix are the
//     in-process ones, bit for bit (trie, pair fallback, per position), and the parts' pair
//     counts and the progress units add up to u (u - 1) / 2 for u distinct sequences; the
//     expansion to every pair of customers too (units: the n customers), and the quality sums
//     (returned by each part, added here) to 1e-12, with the units the kernel counts in process;
//   - a cancel (isCancelled turning true mid-run) rejects with CancelledError within 1 s;
//   - close() stops the workers: a child process that ran a kernel on the pool is kept alive by
//     the workers alone (its only other handle, the timer that closes the pool 0.5 s later, is
//     unref'd) and exits by itself as soon as the pool is closed.
// Cost: about 3 s (worker start-up with the TypeScript loader; the child process runs
// alongside the other tests).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createParallelRunner } from '../../../main/jobs/parallel.ts';
import type { ParallelRunner } from '../../../main/engines/engine.ts';
import { Rng } from '../../../main/engines/common/rng.ts';
import { VOID_CODE, type EncodedSequences } from '../../../main/engines/sequence/sequences.ts';
import { constantCosts, transitionRateCosts } from '../../../main/engines/sequence/substitution-costs.ts';
import {
  prepareDistanceWork,
  type DistanceSettings,
  type PreparedWork,
} from '../../../main/engines/sequence/distances.ts';
import {
  runPart,
  tasksOf,
  type DistanceWork,
  type QualityInput,
  type QualitySums,
} from '../../../main/engines/sequence/distance-kernel.ts';
import { normCodes } from '../../../main/engines/sequence/normalise.ts';
import { CancelledError } from '../../../shared/errors.ts';
import { repoRoot, tempDir } from '../../helpers/tmp.ts';

const kernelUrl = new URL('../../../main/engines/sequence/distance-kernel.ts', import.meta.url).href;

/**
 * n random journeys over `states` states, lengths minLength..maxLength; `sticky` is the chance
 * that a period repeats the one before.
 */
function randomSequences(
  seed: number,
  n: number,
  states: number,
  minLength: number,
  maxLength: number,
  sticky: number,
) {
  const rng = new Rng(seed);
  const rows = Array.from({ length: n }, () => {
    const length = minLength + rng.nextInt(maxLength - minLength + 1);
    const row = [rng.nextInt(states)];
    while (row.length < length)
      row.push(rng.nextFloat() < sticky ? row[row.length - 1]! : rng.nextInt(states));
    return row;
  });
  // Some duplicates.
  for (let i = 0; i < n / 10; i++) rows[rng.nextInt(n)] = [...rows[rng.nextInt(n)]!];
  const T = maxLength;
  const codes = new Uint8Array(n * T).fill(VOID_CODE);
  rows.forEach((row, i) => codes.set(row, i * T));
  const sequences: EncodedSequences = {
    ids: rows.map((_, i) => String(i + 1)),
    idsAreNumbers: true,
    periods: Array.from({ length: T }, (_, t) => `t${t + 1}`),
    alphabet: Array.from({ length: states }, (_, s) => `s${s}`),
    states,
    missing: -1,
    n,
    length: T,
    codes,
    lengths: Int32Array.from(rows, (row) => row.length),
  };
  return sequences;
}

type Work = PreparedWork;

function sharedDoubles(count: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(count * 8));
}

/** A kernel run as distances.ts makes one (fresh task counter). */
function kernelRun(
  work: Work,
  mode: DistanceWork['mode'],
  compact: Float64Array,
  out: Float64Array,
  quality?: QualityInput,
): DistanceWork {
  const run: DistanceWork = {
    ...work,
    mode,
    compact,
    out,
    next: new Int32Array(new SharedArrayBuffer(4)),
    taskCount: 0,
    ...(quality ? { quality } : {}),
  };
  run.taskCount = tasksOf(run);
  return run;
}

function withoutTrie(work: Work): Work {
  const copy: Work = { ...work };
  delete copy.trie;
  return copy;
}

/** Customers of each distinct sequence per cluster (as partitionQuality builds it). */
function qualityInput(work: Work, partitions: Int32Array[], sizes: number[]): QualityInput {
  const P = partitions.length;
  const start = new Int32Array(work.u * P + 1);
  const clusters: number[] = [];
  const counts: number[] = [];
  for (let s = 0; s < work.u; s++) {
    for (let p = 0; p < P; p++) {
      start[s * P + p] = clusters.length;
      const tally = new Array<number>(sizes[p]! + 1).fill(0);
      for (let m = work.memberStart[s]!; m < work.memberStart[s + 1]!; m++)
        tally[partitions[p]![work.members[m]!]!]!++;
      tally.forEach((count, c) => {
        if (c > 0 && count > 0) {
          clusters.push(c - 1);
          counts.push(count);
        }
      });
    }
  }
  start[work.u * P] = clusters.length;
  return {
    partitions: P,
    sizes: Int32Array.from(sizes),
    start,
    clusters: Uint8Array.from(clusters),
    counts: Int32Array.from(counts),
  };
}

/** Runs on the pool, checking the parts' outputs and the progress units add up to `units`. */
async function onPool<T>(
  runner: ParallelRunner,
  run: DistanceWork,
  units: number,
  label: string,
): Promise<T[]> {
  const progress: number[] = [];
  const parts = await runner.run<T>(kernelUrl, run, 2, (done) => progress.push(done));
  assert.equal(parts.length, 2, `${label}: one output per part`);
  assert.ok(progress.length > 0, `${label}: progress reported`);
  assert.equal(progress[progress.length - 1], units, `${label}: the progress units add up to ${units}`);
  assert.ok(
    progress.every((done, i) => i === 0 || done > progress[i - 1]!),
    `${label}: running totals`,
  );
  return parts;
}

function assertSame(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let k = 0; k < expected.length; k++) {
    if (!Object.is(actual[k], expected[k]))
      assert.fail(`${label}: pair ${k}: ${actual[k]} vs ${expected[k]}`);
  }
}

// Started first, so that it runs while the tests below do.
const closing = closeInChild();

/**
 * One pool for all the tests (workers take a while to start); only the cancel test, the last
 * one to use it, sets `cancelled`.
 */
let cancelled = false;
const runner = createParallelRunner(() => cancelled, 2);
after(() => runner.close());

test('2 workers: the in-process distances, expansion and quality sums; units add up', async () => {
  assert.equal(runner.workers, 2);
  const sequences = randomSequences(1, 200, 5, 4, 20, 0.6);
  const sameLength = randomSequences(2, 120, 4, 12, 12, 0.6);
  const trate: DistanceSettings = {
    method: 'OM',
    costs: transitionRateCosts(sequences),
    indel: 1,
    norm: normCodes.gmean,
  };
  const trie = prepareDistanceWork(sequences, trate, 2).work;
  assert.ok(trie.trie, 'OM on a trie');
  const ham: DistanceSettings = {
    method: 'HAM',
    costs: constantCosts(4, 1),
    indel: 1,
    norm: normCodes.maxlength,
  };
  const cases: { label: string; work: Work }[] = [
    { label: 'OM trie', work: trie },
    { label: 'OM pairs', work: withoutTrie(trie) },
    { label: 'HAM', work: prepareDistanceWork(sameLength, ham, 2).work },
  ];
  for (const { label, work } of cases) {
    const { u, n } = work;
    const pairs = (u * (u - 1)) / 2;
    const none = new Float64Array(0);
    // The distinct sequences' distances.
    const localCompact = sharedDoubles(pairs);
    assert.equal(
      runPart(kernelRun(work, 'distinct', localCompact, none), 0, () => {}),
      pairs,
      `${label}: in process`,
    );
    const compact = sharedDoubles(pairs);
    const counted = await onPool<number>(
      runner,
      kernelRun(work, 'distinct', compact, none),
      pairs,
      `${label} distinct`,
    );
    assert.equal(counted[0]! + counted[1]!, pairs, `${label}: the parts' pairs add up to u (u - 1) / 2`);
    assertSame(compact, localCompact, `${label} distinct`);
    // Every pair of customers.
    const localOut = sharedDoubles((n * (n - 1)) / 2);
    runPart(kernelRun(work, 'expand', localCompact, localOut), 0, () => {});
    const out = sharedDoubles((n * (n - 1)) / 2);
    const customers = await onPool<number>(
      runner,
      kernelRun(work, 'expand', compact, out),
      n,
      `${label} expand`,
    );
    assert.equal(customers[0]! + customers[1]!, n, `${label}: the parts' customers`);
    assertSame(out, localOut, `${label} expand`);
    // The quality sums, two partitions.
    const partitions = [2, 5].map((k) => Int32Array.from({ length: n }, (_, i) => 1 + ((i * 7) % k)));
    const input = qualityInput(work, partitions, [2, 5]);
    // (The quality pass counts its own units: the pool must report what it reports in process.)
    let qualityUnits = 0;
    const local = runPart(
      kernelRun(work, 'quality', localCompact, none, input),
      0,
      (step) => (qualityUnits += step),
    ) as QualitySums;
    assert.ok(qualityUnits >= pairs, `${label}: quality units in process`);
    const parts = await onPool<QualitySums>(
      runner,
      kernelRun(work, 'quality', compact, none, input),
      qualityUnits,
      `${label} quality`,
    );
    // The parts' sums are added in another order: 1e-12 relative.
    const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    assert.ok(near(parts[0]!.total + parts[1]!.total, local.total), `${label}: total`);
    local.sumsTo.forEach((sum, k) =>
      assert.ok(near(parts[0]!.sumsTo[k]! + parts[1]!.sumsTo[k]!, sum), `${label}: sumsTo[${k}]`),
    );
    local.within.forEach((sum, k) =>
      assert.ok(near(parts[0]!.within[k]! + parts[1]!.within[k]!, sum), `${label}: within[${k}]`),
    );
  }
});

test('a cancel mid-run rejects with CancelledError within 1 s', async () => {
  // About 3e9 trie cells: seconds of work on 2 workers, even at 1 ns a cell.
  const sequences = randomSequences(4, 2000, 6, 40, 40, 0);
  const settings: DistanceSettings = {
    method: 'OM',
    costs: transitionRateCosts(sequences),
    indel: 1,
    norm: normCodes.none,
  };
  const { work } = prepareDistanceWork(sequences, settings, 2);
  const run = kernelRun(work, 'distinct', sharedDoubles((work.u * (work.u - 1)) / 2), new Float64Array(0));
  let cancelledAt = 0;
  let progressed = 0;
  const started = performance.now();
  const outcome = await runner
    .run<number>(kernelUrl, run, 2, (units) => {
      progressed = units;
      if (!cancelled) {
        // The workers are computing (they report every 100 ms): cancel now.
        cancelled = true;
        cancelledAt = performance.now();
      }
    })
    .then(
      () => 'finished',
      (error: unknown) => error,
    );
  const latency = performance.now() - cancelledAt;
  assert.ok(outcome instanceof CancelledError, `rejected with CancelledError, got ${String(outcome)}`);
  assert.ok(cancelledAt > 0 && progressed < (work.u * (work.u - 1)) / 2, 'cancelled mid-run');
  assert.ok(
    latency < 1000,
    `rejected ${latency.toFixed(0)} ms after the cancel (run started ${(cancelledAt - started).toFixed(0)} ms before)`,
  );
});

interface ChildRun {
  code: number | null;
  /** Killed at the time limit (the process did not exit by itself). */
  killed: boolean;
  stderr: string;
  /** Each line the child printed, with when (ms since the start). */
  lines: { text: string; at: number }[];
  exitedAt: number;
}

/**
 * A child process runs a kernel on a 2-worker pool, prints the result, and closes the pool on
 * an unref'd timer 0.5 s later (printing "closing"): only the workers can keep it alive that long.
 */
function closeInChild(limitMs = 20000): Promise<ChildRun> {
  const url = (path: string): string => pathToFileURL(join(repoRoot, path)).href;
  const script = `
    import { createParallelRunner } from '${url('main/jobs/parallel.ts')}';
    import { prepareDistanceWork } from '${url('main/engines/sequence/distances.ts')}';
    import { tasksOf } from '${url('main/engines/sequence/distance-kernel.ts')}';
    const sequences = {
      ids: ['1', '2', '3', '4'], idsAreNumbers: true, periods: ['a', 'b', 'c'], alphabet: ['x', 'y'],
      states: 2, missing: -1, n: 4, length: 3,
      codes: Uint8Array.from([0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0]), lengths: Int32Array.from([3, 3, 3, 3]),
    };
    const costs = { states: 2, costs: Float64Array.from([0, 2, 2, 0]) };
    const { work } = prepareDistanceWork(sequences, { method: 'OM', costs, indel: 1, norm: 0 }, 2);
    const compact = new Float64Array(new SharedArrayBuffer(6 * 8));
    const run = { ...work, mode: 'distinct', compact, out: new Float64Array(0), next: new Int32Array(new SharedArrayBuffer(4)) };
    run.taskCount = tasksOf(run);
    const runner = createParallelRunner(() => false, 2);
    const parts = await runner.run('${kernelUrl}', run, 2);
    console.log(JSON.stringify({ parts, out: Array.from(compact) }));
    setTimeout(() => {
      console.log('closing');
      runner.close();
    }, 500).unref();
  `;
  // A file, not --eval: the workers inherit the process's flags, and --input-type with them.
  const file = join(tempDir('parallel-'), 'close.mjs');
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: ChildRun['lines'] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const text of complete) lines.push({ text, at: performance.now() - started });
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      killed = true;
      proc.kill('SIGKILL');
    }, limitMs);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stderr, lines, exitedAt: performance.now() - started });
    });
  });
}

test('close() stops the workers: the process exits by itself', async () => {
  const child = await closing;
  assert.equal(
    child.killed,
    false,
    `the child exited by itself (${child.exitedAt.toFixed(0)} ms)\n${child.stderr}`,
  );
  assert.equal(child.code, 0, child.stderr);
  const [result, closed] = child.lines;
  assert.ok(result && closed, `two lines printed: ${JSON.stringify(child.lines)}`);
  const { parts, out } = JSON.parse(result.text) as { parts: number[]; out: number[] };
  assert.equal(
    parts.reduce((a, b) => a + b, 0),
    6,
    'four distinct journeys: 6 pairs',
  );
  // Sorted: xxx, xxy, xyy, yyy, with substitution 2, indel 1.
  assert.deepEqual(out, [2, 4, 6, 2, 4, 2]);
  // Alive 0.5 s after its run with nothing but the pool to keep it: the workers hold it...
  assert.equal(closed.text, 'closing', "the pool kept the process alive until the unref'd timer");
  // ...and close() lets it go.
  assert.ok(
    child.exitedAt - closed.at < 2000,
    `exited ${(child.exitedAt - closed.at).toFixed(0)} ms after close()`,
  );
});
