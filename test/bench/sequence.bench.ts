// Benchmark of the sequence engine: OM distances with TRATE substitution costs (indel 1) and
// Ward's clustering cut at k = 4, the whole analysis (with its descriptive tables), on generated
// 24-month journeys (test/bench/sequence-data.ts: the journeys fixture's design, 6 states, four
// archetypes) of 1,000, 2,000, 4,000 and 20,000 customers. Each size runs in a fresh child
// process, so its peak RSS (VmHWM, worker threads included) is its own; the engine gets the job
// host's worker pool (main/jobs/parallel.ts, one worker per core) and huge pages
// (main/jobs/huge-pages.mjs) as in the app. Engine seconds are wall-clock around
// sequenceEngine.run, with the engine's own timings (distances_ms, ward_ms, ...); data
// generation is timed apart and not counted. Sizes up to 4,000 run 5 times
// (PATHWISE_BENCH_REPEATS), Pathwise and R each in fresh processes, and the medians are shown:
// a run of a fraction of a second varies by a third from one run to the next on a shared VM.
// Anchor: TraMineR's seqdist (R with TraMineR; TraMineR is not packaged in Debian: its
// dependencies from apt, r-cran-colorspace r-cran-rcolorbrewer r-cran-vegan r-cran-cluster
// r-cran-boot, then `R CMD INSTALL` of its source) on the same data written as CSV:
// `seqdist(seqd, method = "OM", indel = 1, sm = sm)` alone, sm = seqsubm(seqd, "TRATE")
// computed before, and `hclust(as.dist(d), method = "ward.D2")` timed separately, elapsed
// seconds by system.time (test/bench/sequence-seqdist.R; single-threaded; R runs with the same
// huge pages, which make its seqdist about 6% faster and its hclust twice as fast). Targets: ratio R
// seqdist / Pathwise distances >= 3 at every size both finish; 20,000 customers, distances
// and Ward, in under 30 s. On the smallest size the sum of all pairwise distances is checked
// against R's (relative difference < 1e-9), and at every size R finishes, Pathwise's clusters
// against R's cutree (adjusted Rand index).
//   node --import tsx test/bench/sequence.bench.ts [SIZE...]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sequenceEngine } from '../../main/engines/sequence/index.ts';
import { plainContext } from '../../main/engines/engine.ts';
import { createParallelRunner } from '../../main/jobs/parallel.ts';
import { hugePagesEnv } from '../../main/jobs/huge-pages.mjs';
import { parseOptions } from '../../shared/analyses/define.ts';
import { sequenceDefinition } from '../../shared/analyses/sequence.ts';
import type { SequenceOptions } from '../../shared/analyses/sequence.ts';
import type { Table } from '../../shared/result.ts';
import { adjustedRandIndex } from '../unit/helpers/adjusted-rand.ts';
import {
  frameRows,
  generateJourneyFrame,
  journeyPeriods,
  journeyShape,
  writeJourneysCsv,
  type JourneyShape,
} from './sequence-data.ts';

const here = join(fileURLToPath(import.meta.url), '..');
const root = join(here, '..', '..');
const rScript = join(here, 'sequence-seqdist.R');
const fixtureData = join(root, '..', 'shared', 'fixtures', 'sequence', 'journeys', 'data.csv');
const defaultSizes = [1_000, 2_000, 4_000, 20_000];
/** R's seqdist (and then hclust) beyond this many seconds is stopped and reported as skipped. */
const rLimitSeconds = Number(process.env.PATHWISE_BENCH_R_LIMIT_S ?? 300);
const rPrepareLimitSeconds = 300;
const ratioTarget = 3;
const largeSize = 20_000;
const largeTargetSeconds = 30;
const checkTolerance = 1e-9;
/** Sizes up to this run this many times (fresh processes, both Pathwise and R), the median shown: one run of a fraction of a second varies by a third on a shared machine. */
const repeatUpTo = 4_000;
const repeatRuns = Number(process.env.PATHWISE_BENCH_REPEATS ?? 5);

function distancesMs(run: ChildResult): number {
  return run.timings.distances_ms ?? NaN;
}

/** The run with the median seqdist, with the median hclust; the check sums from the first (check) run. */
function medianR(runs: (RResult | RSkipped)[], check: boolean): RResult | RSkipped {
  const finished = runs.filter((run): run is RResult => !('reason' in run));
  if (finished.length < runs.length || finished.length === 1) return runs[0]!;
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1]!;
  const seqdist = middle(finished.map((run) => run.seqdistSeconds));
  const median = finished.find((run) => run.seqdistSeconds === seqdist)!;
  return {
    ...median,
    hclustSeconds: middle(finished.map((run) => run.hclustSeconds)),
    ...(check
      ? { distanceSum: finished[0]!.distanceSum, distanceSumOfSquares: finished[0]!.distanceSumOfSquares }
      : {}),
  };
}

function benchOptions(writeDistances = false): SequenceOptions {
  return parseOptions(sequenceDefinition, {
    id: 'id',
    columns: journeyPeriods,
    distance: { method: 'OM', sm: 'TRATE', indel: 1 },
    cluster: { method: 'ward', k: 4 },
    ...(writeDistances ? { write_distances: true } : {}),
  });
}

interface ChildResult {
  customers: number;
  workers: number;
  generateSeconds: number;
  engineSeconds: number;
  engineCpuSeconds: number;
  timings: Record<string, number>;
  rssAfterGenerateMb: number;
  peakRssMb: number;
  shape: JourneyShape;
  clusters: number[];
  /** Sum of the distances and of their squares over all pairs i < j (the check size only). */
  distanceSum: number | null;
  distanceSumOfSquares: number | null;
  warnings: string[];
}

function peakRssMb(): number {
  const hwm = /VmHWM:\s*(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

function column(table: Table | undefined, name: string): (string | number | null)[] {
  const index = table ? table.columns.findIndex((c) => c.name === name) : -1;
  if (!table || index < 0) throw new Error(`no column ${name}`);
  return table.rows.map((row) => row[index] as string | number | null);
}

/**
 * In the child: generate, run the engine, measure; then (not measured) write the CSV for R and,
 * on the check size, run again with write_distances for the sum of the distances.
 */
async function child(customers: number, csvPath: string, check: boolean): Promise<void> {
  const options = benchOptions();
  const t0 = performance.now();
  const frame = generateJourneyFrame(customers);
  const generateSeconds = (performance.now() - t0) / 1000;
  const rssAfterGenerateMb = peakRssMb();
  const parallel = createParallelRunner(() => false);
  try {
    const cpu0 = process.cpuUsage();
    const t1 = performance.now();
    const result = await sequenceEngine.run({ data: frame }, options, plainContext({ parallel }));
    const engineSeconds = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const peak = peakRssMb();
    // After the measurement.
    if (csvPath !== '-') writeJourneysCsv(frame, csvPath);
    let distanceSum: number | null = null;
    let distanceSumOfSquares: number | null = null;
    if (check) {
      const again = await sequenceEngine.run({ data: frame }, benchOptions(true), plainContext({ parallel }));
      distanceSum = 0;
      distanceSumOfSquares = 0;
      for (const d of column(again.tables.distances, 'distance')) {
        distanceSum += Number(d);
        distanceSumOfSquares += Number(d) * Number(d);
      }
    }
    const out: ChildResult = {
      customers,
      workers: parallel.workers,
      generateSeconds,
      engineSeconds,
      engineCpuSeconds: (cpu.user + cpu.system) / 1e6,
      timings: result.timings,
      rssAfterGenerateMb,
      peakRssMb: peak,
      shape: journeyShape(frameRows(frame)),
      clusters: column(result.tables.clusters, 'cluster').map(Number),
      distanceSum,
      distanceSumOfSquares,
      warnings: result.warnings,
    };
    console.log(JSON.stringify(out));
  } finally {
    parallel.close();
  }
}

function runChild(customers: number, csvPath: string, check: boolean): ChildResult {
  const res = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--child',
      String(customers),
      csvPath,
      check ? '1' : '0',
    ],
    // As the app's launchers and job processes run engines: with huge pages (huge-pages.mjs).
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, env: hugePagesEnv(process.env) },
  );
  if (res.status !== 0) throw new Error(`sequence bench child (${customers}) failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

interface RResult {
  prepareSeconds: number;
  seqdistSeconds: number;
  seqdistCpuSeconds: number;
  hclustSeconds: number;
  hclustCpuSeconds: number;
  distinct: number;
  distanceSum: number;
  distanceSumOfSquares: number;
  peakRssMb: number;
  version: string;
  clusters: number[];
}

/** Whether Rscript with TraMineR runs here; the reason when not. */
function rAvailable(): string | null {
  const res = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(TraMineR))'], {
    encoding: 'utf8',
  });
  if (res.error) return 'R not installed: ratio skipped (apt-get install r-base-core)';
  if (res.status !== 0)
    return (
      'R package TraMineR not installed: ratio skipped (not packaged in Debian: apt-get install ' +
      'r-cran-colorspace r-cran-rcolorbrewer r-cran-vegan, then R CMD INSTALL its source)'
    );
  return null;
}

/** R did not give both timings: why, seqdist's seconds when it finished, else a lower bound. */
interface RSkipped {
  reason: string;
  seqdistSeconds: number | null;
  atLeastSeconds: number | null;
}

/**
 * Runs sequence-seqdist.R on `csvPath`; stops R once seqdist, or then hclust, has run
 * `rLimitSeconds` (the read, seqdef and seqsubm before them get `rPrepareLimitSeconds`).
 */
function runR(csvPath: string, check: boolean): Promise<RResult | RSkipped> {
  return new Promise((resolve) => {
    // R with the same huge pages as Pathwise's engines (its seqdist is about 6% faster so).
    const r = spawn('Rscript', [rScript, csvPath, ...(check ? ['check'] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: hugePagesEnv(process.env),
    });
    let stdout = '';
    let stderr = '';
    let phase: 'prepare' | 'seqdist' | 'hclust' = 'prepare';
    let phaseStarted = performance.now();
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      r.kill('SIGKILL');
    };
    let timer = setTimeout(stop, rPrepareLimitSeconds * 1000);
    const enter = (next: 'seqdist' | 'hclust'): void => {
      phase = next;
      phaseStarted = performance.now();
      clearTimeout(timer);
      timer = setTimeout(stop, rLimitSeconds * 1000);
    };
    r.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (phase === 'prepare' && stdout.includes('SEQDIST_STARTED')) enter('seqdist');
      if (phase === 'seqdist' && stdout.includes('HCLUST_STARTED')) enter('hclust');
    });
    r.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    r.on('close', (code) => {
      clearTimeout(timer);
      const seqdist = /^SEQDIST (\S+)$/m.exec(stdout);
      const seqdistSeconds = seqdist ? Number(seqdist[1]) : null;
      if (stopped) {
        const ran = (performance.now() - phaseStarted) / 1000;
        resolve({
          reason:
            phase === 'prepare'
              ? `R stopped: reading the data, seqdef and seqsubm took over ${rPrepareLimitSeconds} s`
              : `R ${phase} stopped after ${ran.toFixed(0)} s (limit ${rLimitSeconds} s; ` +
                'PATHWISE_BENCH_R_LIMIT_S=SECONDS to wait longer)',
          seqdistSeconds,
          atLeastSeconds: phase === 'prepare' ? null : ran,
        });
        return;
      }
      const line = /^RESULT (.*)$/m.exec(stdout);
      const clusters = /^CLUSTERS (.*)$/m.exec(stdout);
      if (code !== 0 || !line || !clusters) {
        const last = stderr.trim().split('\n').slice(-2).join(' ');
        resolve({
          reason: `R failed (exit ${code}) ${phase === 'prepare' ? 'before seqdist' : `in ${phase}`}: ${last || 'no output'}`,
          seqdistSeconds,
          atLeastSeconds: null,
        });
        return;
      }
      const field = (key: string): string => new RegExp(`${key}=(\\S*)`).exec(line[1]!)?.[1] ?? '';
      resolve({
        prepareSeconds: Number(field('prepare_s')),
        seqdistSeconds: Number(field('seqdist_s')),
        seqdistCpuSeconds: Number(field('seqdist_cpu_s')),
        hclustSeconds: Number(field('hclust_s')),
        hclustCpuSeconds: Number(field('hclust_cpu_s')),
        distinct: Number(field('distinct')),
        distanceSum: Number(field('sum')),
        distanceSumOfSquares: Number(field('sumsq')),
        peakRssMb: Number(field('peak_mb')),
        version: field('traminer'),
        clusters: clusters[1]!.trim().split(/\s+/).map(Number),
      });
    });
  });
}

/** The fixture's journeys (id column dropped), as rows of states. */
function fixtureRows(): string[][] {
  const lines = readFileSync(fixtureData, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => line.split(',').slice(1));
}

const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const shapeText = (s: JourneyShape): string =>
  `${fmtInt(s.distinct)} distinct of ${fmtInt(s.customers)} (${pct(s.distinct / s.customers)}), ` +
  `${s.meanSpells.toFixed(2)} spells a journey, ${pct(s.singleSpellShare)} a single spell, ` +
  `${pct(s.everLapsedShare)} ever lapsed, ${pct(s.churnedAtEndShare)} churned by the end`;
/** The engine's timings: `*_ms` keys as seconds, others as they are. */
const timingsText = (timings: Record<string, number>): string =>
  Object.entries(timings)
    .map(([key, value]) =>
      key.endsWith('_ms') ? `${key.slice(0, -3)} ${(value / 1000).toFixed(3)} s` : `${key} ${value}`,
    )
    .join(', ');
const relDiff = (a: number, b: number): number =>
  Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

export async function benchSequence(
  onLine: (line: string) => void = () => {},
  sizes: number[] = defaultSizes,
): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    onLine(line);
  };
  const rMissing = rAvailable();
  const checkSize = Math.min(...sizes);
  say(
    `sequence bench: generated 24-month journeys (6 states, 4 archetypes), OM with TRATE costs, indel 1, ` +
      `Ward k = 4 (the whole analysis); ${sizes.map(fmtInt).join(' / ')} customers, each in a fresh process`,
  );
  say(`  journeys fixture: ${shapeText(journeyShape(fixtureRows()))}`);
  if (rMissing) say(`  ${rMissing}`);
  const summary: { customers: number; ours: ChildResult; r: RResult | RSkipped | null }[] = [];
  for (const customers of sizes) {
    const dir = rMissing ? null : mkdtempSync(join(tmpdir(), 'pathwise-sequence-'));
    const csvPath = dir ? join(dir, 'data.csv') : '-';
    const check = customers === checkSize;
    try {
      const repeats = customers <= repeatUpTo ? repeatRuns : 1;
      // The first run writes the CSV for R (and on the check size sums the distances).
      const runs = [runChild(customers, csvPath, check && !rMissing)];
      while (runs.length < repeats) runs.push(runChild(customers, '-', false));
      const byDistances = [...runs].sort((a, b) => distancesMs(a) - distancesMs(b));
      const ours = { ...byDistances[(repeats - 1) >> 1]!, distanceSum: runs[0]!.distanceSum };
      ours.distanceSumOfSquares = runs[0]!.distanceSumOfSquares;
      const t = ours.timings;
      say(
        `${fmtInt(customers)} customers (data generated in ${ours.generateSeconds.toFixed(2)} s, not counted; ` +
          `${ours.workers} worker threads available):`,
      );
      say(`  generated: ${shapeText(ours.shape)}`);
      say(
        `  pathwise whole analysis ${ours.engineSeconds.toFixed(2)} s (${ours.engineCpuSeconds.toFixed(2)} CPU s): ` +
          timingsText(t),
      );
      say(
        `  peak RSS ${ours.peakRssMb.toFixed(0)} MB (${ours.rssAfterGenerateMb.toFixed(0)} MB after generating ` +
          `the data, before the run)`,
      );
      if (repeats > 1)
        say(
          `  ${repeats} runs, each in a fresh process, the median shown: distances ` +
            `${runs.map((run) => (distancesMs(run) / 1000).toFixed(3)).join(', ')} s`,
        );
      if (ours.warnings.length > 0) say(`  engine warnings: ${ours.warnings.join(' | ')}`);
      let r: RResult | RSkipped | null = null;
      if (dir) {
        const rRuns = [await runR(csvPath, check)];
        while (rRuns.length < repeats && !('reason' in rRuns[0]!)) rRuns.push(await runR(csvPath, false));
        r = medianR(rRuns, check);
        if (rRuns.length > 1)
          say(
            `  R, ${rRuns.length} runs, the median shown: seqdist ` +
              `${rRuns.map((run) => run.seqdistSeconds?.toFixed(3) ?? '-').join(', ')} s`,
          );
        const distances = (t.distances_ms ?? NaN) / 1000;
        if ('reason' in r) {
          const seqdist = r.seqdistSeconds;
          say(
            `  ${r.reason}` +
              (seqdist !== null
                ? `; R seqdist ${seqdist.toFixed(2)} s, ratio ${(seqdist / distances).toFixed(2)}`
                : '') +
              (seqdist === null && r.atLeastSeconds !== null
                ? `: ratio skipped (it would be > ${(r.atLeastSeconds / distances).toFixed(1)})`
                : ''),
          );
        } else {
          const ratio = r.seqdistSeconds / distances;
          say(
            `  R seqdist alone ${r.seqdistSeconds.toFixed(2)} s (${r.seqdistCpuSeconds.toFixed(2)} CPU s), hclust ` +
              `ward.D2 ${r.hclustSeconds.toFixed(2)} s (${r.hclustCpuSeconds.toFixed(2)} CPU s); read, seqdef and ` +
              `seqsubm ${r.prepareSeconds.toFixed(2)} s not counted; peak RSS ${fmtInt(r.peakRssMb)} MB ` +
              `(TraMineR ${r.version})`,
          );
          say(
            `  ratio R seqdist / pathwise distances ${ratio.toFixed(2)} (target >= ${ratioTarget}): ` +
              `${ratio >= ratioTarget ? 'ok' : 'BELOW TARGET'}`,
          );
          const sameLength = r.clusters.length === ours.clusters.length;
          say(
            `  clusters vs R's cutree(hclust ward.D2, 4): ` +
              (sameLength
                ? `adjusted Rand index ${adjustedRandIndex(ours.clusters, r.clusters).toFixed(4)}`
                : `R has ${r.clusters.length} labels, pathwise ${ours.clusters.length}`) +
              (r.distinct === ours.shape.distinct ? '' : `; R counts ${r.distinct} distinct sequences`),
          );
          if (check && ours.distanceSum !== null && ours.distanceSumOfSquares !== null) {
            const d1 = relDiff(ours.distanceSum, r.distanceSum);
            const d2 = relDiff(ours.distanceSumOfSquares, r.distanceSumOfSquares);
            const ok = d1 < checkTolerance && d2 < checkTolerance;
            say(
              `  distances vs R (all ${fmtInt((customers * (customers - 1)) / 2)} pairs): sum ` +
                `${ours.distanceSum.toPrecision(17)} vs R ${r.distanceSum.toPrecision(17)} (relative difference ` +
                `${d1.toExponential(1)}), sum of squares relative difference ${d2.toExponential(1)} ` +
                `(< ${checkTolerance}): ${ok ? 'ok' : 'DIFFERENT'}`,
            );
          }
        }
      }
      summary.push({ customers, ours, r });
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }

  const cells = [
    ['customers', 9],
    ['distinct', 8],
    ['pw dist s', 9],
    ['pw dist+Ward s', 14],
    ['pw total s', 10],
    ['peak RSS MB', 11],
    ['R seqdist s', 11],
    ['R hclust s', 10],
    ['seqdist / dist', 14],
    ['(seqdist+hclust) / (dist+Ward)', 30],
  ] as const;
  say('summary (pw = pathwise; ratios = R seconds / pathwise seconds):');
  say(`  ${cells.map(([name, width]) => name.padStart(width)).join('  ')}`);
  for (const { customers, ours, r } of summary) {
    const distances = (ours.timings.distances_ms ?? NaN) / 1000;
    const withWard = distances + (ours.timings.ward_ms ?? NaN) / 1000;
    const done = r && !('reason' in r) ? r : null;
    const seqdist = r ? r.seqdistSeconds : null;
    const atLeast = r && 'reason' in r && r.seqdistSeconds === null ? r.atLeastSeconds : null;
    const seqdistCell =
      seqdist !== null ? seqdist.toFixed(2) : atLeast !== null ? `> ${atLeast.toFixed(0)}` : '-';
    const hclustCell = done
      ? done.hclustSeconds.toFixed(2)
      : r && 'reason' in r && r.seqdistSeconds !== null && r.atLeastSeconds !== null
        ? `> ${r.atLeastSeconds.toFixed(0)}`
        : '-';
    const ratioCell =
      seqdist !== null
        ? (seqdist / distances).toFixed(2)
        : atLeast !== null
          ? `> ${(atLeast / distances).toFixed(1)}`
          : '-';
    const bothCell = done ? ((done.seqdistSeconds + done.hclustSeconds) / withWard).toFixed(2) : '-';
    const values = [
      fmtInt(customers),
      fmtInt(ours.shape.distinct),
      distances.toFixed(2),
      withWard.toFixed(2),
      ours.engineSeconds.toFixed(2),
      ours.peakRssMb.toFixed(0),
      seqdistCell,
      hclustCell,
      ratioCell,
      bothCell,
    ];
    say(`  ${values.map((v, i) => v.padStart(cells[i]![1])).join('  ')}`);
  }
  const finished = summary.filter((s) => s.r && s.r.seqdistSeconds !== null);
  if (finished.length > 0) {
    const below = finished.filter(
      (s) => s.r!.seqdistSeconds! / ((s.ours.timings.distances_ms ?? NaN) / 1000) < ratioTarget,
    );
    say(
      `  ratio R seqdist / pathwise distances >= ${ratioTarget} at every size both finish: ` +
        (below.length === 0 ? 'ok' : `BELOW TARGET at ${below.map((s) => fmtInt(s.customers)).join(', ')}`),
    );
  }
  const large = summary.find((s) => s.customers === largeSize);
  if (large) {
    const s = ((large.ours.timings.distances_ms ?? NaN) + (large.ours.timings.ward_ms ?? NaN)) / 1000;
    say(
      `  ${fmtInt(largeSize)} customers, distances and Ward: ${s.toFixed(2)} s (target < ${largeTargetSeconds} s): ` +
        `${s < largeTargetSeconds ? 'ok' : 'ABOVE TARGET'}`,
    );
  }
  return lines;
}

const argv = process.argv;
if (argv[2] === '--child') {
  await child(Number(argv[3]), argv[4]!, argv[5] === '1');
} else if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  const sizes = argv.slice(2).map(Number);
  await benchSequence((line) => console.log(line), sizes.length > 0 ? sizes : defaultSizes);
}
