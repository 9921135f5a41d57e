// Benchmark of the multistate engine (issue 5): the whole analysis (msprep, frequencies,
// Nelson-Aalen hazards, probtrans with standard errors at 100 times, the Cox covariate model,
// two profiles) on generated subscription data (test/bench/multistate-data.ts: the subscription
// fixture's design, 5 states, 8 transitions, 4 categorical covariates) with 10,000, 100,000 and
// 1,000,000 customers. Each size runs in a fresh child process, so its peak RSS (VmHWM) is its
// own; engine seconds are wall-clock around multistateEngine.run, data generation timed apart.
// Anchor: R survival's coxph alone (Debian r-base-core + r-cran-survival; mstate is not
// packaged) on the same long data (Pathwise's msprep, written as binaries; R's read and its
// expand.covs columns are not counted), `coxph(Surv(Tstart, Tstop, status) ~ <48 expanded
// columns> + strata(trans), method = "breslow")`, elapsed seconds by system.time
// (test/bench/multistate-coxph.R). Targets: ratio R coxph / our whole analysis >= 1 at every
// size; 1,000,000 customers in under a minute.
//   node --import tsx test/bench/multistate.bench.ts [SIZE...]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { multistateEngine } from '../../main/engines/multistate/index.ts';
import { plainContext } from '../../main/engines/engine.ts';
import { msprep } from '../../main/engines/multistate/msprep.ts';
import { covariateDesign } from '../../main/engines/multistate/covariates.ts';
import { parseOptions } from '../../shared/analyses/define.ts';
import { multistateDefinition } from '../../shared/analyses/multistate.ts';
import type { MultistateOptions } from '../../shared/analyses/multistate.ts';
import type { Frame } from '../../shared/frame.ts';
import type { Table } from '../../shared/result.ts';
import { generateSubscriptionFrame } from './multistate-data.ts';

const here = join(fileURLToPath(import.meta.url), '..');
const root = join(here, '..', '..');
const rScript = join(here, 'multistate-coxph.R');
const fixtureOptions = join(root, 'test', 'fixtures', 'multistate', 'subscription', 'options.json');
const defaultSizes = [10_000, 100_000, 1_000_000];
/** R's coxph beyond this many seconds is stopped and reported as skipped (with a lower bound). */
const rCoxphLimitSeconds = Number(process.env.PATHWISE_BENCH_R_LIMIT_S ?? 300);
const rPrepareLimitSeconds = 300;
const millionTargetSeconds = 60;
const predictionTimes = Array.from({ length: 100 }, (_, i) => (4800 * i) / 99);

/** The subscription fixture's options, predicting at 100 even times from 0 to 4800. */
function benchOptions(): MultistateOptions {
  const fixture = JSON.parse(readFileSync(fixtureOptions, 'utf8')) as Record<string, unknown>;
  return parseOptions(multistateDefinition, {
    ...fixture,
    covariates: ['discount', 'gender', 'joined', 'age'],
    ties: 'breslow',
    predict: { from: 'Subscribed', start: 0, times: predictionTimes },
  });
}

interface ChildResult {
  customers: number;
  generateSeconds: number;
  engineSeconds: number;
  engineCpuSeconds: number;
  timings: Record<string, number>;
  rssAfterGenerateMb: number;
  peakRssMb: number;
  longRows: number;
  eventTimes: number;
  coefficients: number[];
  logLikelihood: number;
  iterations: number;
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

/** Writes the long data and base design as multistate-coxph.R reads them (little-endian); its rows. */
function writeRInputs(frame: Frame, options: MultistateOptions, dir: string): number {
  const long = msprep(frame, options);
  const design = covariateDesign(frame, { covariates: options.covariates, levels: options.levels });
  const q = design.terms.length;
  const n = design.subjectCount;
  const columnMajor = new Float64Array(n * q);
  for (let i = 0; i < n; i++) for (let c = 0; c < q; c++) columnMajor[c * n + i] = design.values[i * q + c]!;
  const write = (name: string, values: Float64Array | Int32Array): void =>
    writeFileSync(join(dir, name), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const oneBased = (values: Int32Array): Int32Array => values.map((v) => v + 1);
  write('tstart.f64', long.tStart);
  write('tstop.f64', long.tStop);
  write('status.i32', Int32Array.from(long.status));
  write('trans.i32', oneBased(long.transition));
  write('subject.i32', oneBased(long.subject));
  write('design.f64', columnMajor);
  const K = long.transitions.fromState.length;
  writeFileSync(join(dir, 'meta.txt'), `rows ${long.rowCount}\nsubjects ${n}\nq ${q}\nK ${K}\n`);
  return long.rowCount;
}

/** In the child: generate, run the engine, measure; then write R's inputs (not measured). */
async function child(customers: number, rDir: string): Promise<void> {
  const options = benchOptions();
  const t0 = performance.now();
  const frame = generateSubscriptionFrame(customers);
  const generateSeconds = (performance.now() - t0) / 1000;
  const rssAfterGenerateMb = peakRssMb();
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const result = await multistateEngine.run({ data: frame }, options, plainContext());
  const engineSeconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peak = peakRssMb();
  const test = result.tables.model_test;
  const out: ChildResult = {
    customers,
    generateSeconds,
    engineSeconds,
    engineCpuSeconds: (cpu.user + cpu.system) / 1e6,
    timings: result.timings,
    rssAfterGenerateMb,
    peakRssMb: peak,
    // After the measurement: the long data again, written for R when it is there.
    longRows: rDir === '-' ? msprep(frame, options).rowCount : writeRInputs(frame, options, rDir),
    eventTimes: new Set(column(result.tables.cumhaz, 'time')).size,
    coefficients: column(result.tables.coefficients, 'coef').map(Number),
    logLikelihood: Number(column(test, 'loglik')[0]),
    iterations: Number(column(test, 'iterations')[0]),
    warnings: result.warnings,
  };
  console.log(JSON.stringify(out));
}

function runChild(customers: number, rDir: string): ChildResult {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(customers), rDir],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (res.status !== 0) throw new Error(`multistate bench child (${customers}) failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

interface RResult {
  readSeconds: number;
  buildSeconds: number;
  coxphSeconds: number;
  coxphCpuSeconds: number;
  iterations: number;
  logLikelihood: number;
  peakRssMb: number;
  warnings: string;
  coefficients: number[];
}

/** Whether Rscript with survival runs here; the reason when not. */
function rAvailable(): string | null {
  const res = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(survival))'], {
    encoding: 'utf8',
  });
  if (res.error) return 'R not installed: ratio skipped (apt-get install r-base-core r-cran-survival)';
  if (res.status !== 0)
    return 'R package survival not installed: ratio skipped (apt-get install r-cran-survival)';
  return null;
}

/** R did not give a timing: why, and a lower bound on its coxph seconds when it was stopped. */
interface RSkipped {
  reason: string;
  atLeastSeconds: number | null;
}

/**
 * Runs multistate-coxph.R on `dir`; stops R once coxph has run `rCoxphLimitSeconds` (the read
 * and the column building before it get `rPrepareLimitSeconds`).
 */
function runR(dir: string): Promise<RResult | RSkipped> {
  return new Promise((resolve) => {
    const r = spawn('Rscript', [rScript, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let coxphStarted: number | null = null;
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      r.kill('SIGKILL');
    };
    let timer = setTimeout(stop, rPrepareLimitSeconds * 1000);
    r.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (coxphStarted === null && stdout.includes('COXPH_STARTED')) {
        coxphStarted = performance.now();
        clearTimeout(timer);
        timer = setTimeout(stop, rCoxphLimitSeconds * 1000);
      }
    });
    r.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    r.on('close', (code) => {
      clearTimeout(timer);
      if (stopped) {
        const ran = coxphStarted === null ? null : (performance.now() - coxphStarted) / 1000;
        resolve({
          reason:
            ran === null
              ? `R stopped: reading the data and building the columns took over ${rPrepareLimitSeconds} s`
              : `R coxph stopped after ${ran.toFixed(0)} s (limit ${rCoxphLimitSeconds} s; ` +
                'PATHWISE_BENCH_R_LIMIT_S=SECONDS to wait longer)',
          atLeastSeconds: ran,
        });
        return;
      }
      const line = /^RESULT (.*)$/m.exec(stdout);
      const coef = /^COEF (.*)$/m.exec(stdout);
      if (code !== 0 || !line || !coef) {
        const last = stderr.trim().split('\n').slice(-2).join(' ');
        resolve({ reason: `R failed (exit ${code}): ${last || 'no output'}`, atLeastSeconds: null });
        return;
      }
      const field = (key: string): string => new RegExp(`${key}=(\\S*)`).exec(line[1]!)?.[1] ?? '';
      resolve({
        readSeconds: Number(field('read_s')),
        buildSeconds: Number(field('build_s')),
        coxphSeconds: Number(field('coxph_s')),
        coxphCpuSeconds: Number(field('coxph_cpu_s')),
        iterations: Number(field('iter')),
        logLikelihood: Number(field('loglik')),
        peakRssMb: Number(field('peak_mb')),
        warnings: field('warnings').replace(/_/g, ' '),
        coefficients: coef[1]!.trim().split(/\s+/).map(Number),
      });
    });
  });
}

const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number | undefined): string => (x === undefined ? '-' : `${(x / 1000).toFixed(2)}`);

export async function benchMultistate(
  onLine: (line: string) => void = () => {},
  sizes: number[] = defaultSizes,
): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    onLine(line);
  };
  const rMissing = rAvailable();
  say(
    `multistate bench: generated subscription data (5 states, 8 transitions, covariates discount, gender, ` +
      `joined, age = 48 coefficients), probtrans at 100 times 0..4800, profiles A and B; ` +
      `${sizes.map(fmtInt).join(' / ')} customers, each in a fresh process`,
  );
  if (rMissing) say(`  ${rMissing}`);
  const summary: { customers: number; ours: ChildResult; r: RResult | RSkipped | null }[] = [];
  for (const customers of sizes) {
    const dir = rMissing ? '-' : mkdtempSync(join(tmpdir(), 'pathwise-multistate-'));
    try {
      const ours = runChild(customers, dir);
      const t = ours.timings;
      say(
        `${fmtInt(customers)} customers (${fmtInt(ours.longRows)} long rows, ${fmtInt(ours.eventTimes)} event ` +
          `times; data generated in ${ours.generateSeconds.toFixed(2)} s, not counted):`,
      );
      say(
        `  pathwise whole analysis ${ours.engineSeconds.toFixed(2)} s (${ours.engineCpuSeconds.toFixed(2)} CPU s): ` +
          `prepare ${ms(t.prepare_ms)}, cumhaz ${ms(t.cumhaz_ms)}, probtrans ${ms(t.probtrans_ms)}, ` +
          `cox ${ms(t.cox_ms)}, profiles ${ms(t.profiles_ms)} s; Newton-Raphson iterations ${ours.iterations}`,
      );
      say(
        `  peak RSS ${ours.peakRssMb.toFixed(0)} MB (${ours.rssAfterGenerateMb.toFixed(0)} MB after generating ` +
          `the data, before the run)`,
      );
      if (ours.warnings.length > 0) say(`  engine warnings: ${ours.warnings.join(' | ')}`);
      let r: RResult | RSkipped | null = null;
      if (!rMissing) {
        r = await runR(dir);
        if ('reason' in r) {
          const bound = r.atLeastSeconds === null ? null : r.atLeastSeconds / ours.engineSeconds;
          say(`  ${r.reason}: ratio skipped${bound === null ? '' : ` (it would be > ${bound.toFixed(1)})`}`);
        } else {
          const ratio = r.coxphSeconds / ours.engineSeconds;
          const rCoefficients = r.coefficients;
          const diff = Math.max(...rCoefficients.map((b, i) => Math.abs(b - ours.coefficients[i]!)));
          const sameLength = rCoefficients.length === ours.coefficients.length;
          say(
            `  R coxph alone ${r.coxphSeconds.toFixed(2)} s (${r.coxphCpuSeconds.toFixed(2)} CPU s; ` +
              `read ${r.readSeconds.toFixed(2)} s and expand.covs columns ${r.buildSeconds.toFixed(2)} s not ` +
              `counted), ${r.iterations} iterations, peak RSS ${fmtInt(r.peakRssMb)} MB`,
          );
          say(
            `  ratio R coxph / pathwise whole analysis ${ratio.toFixed(2)} (target >= 1): ` +
              `${ratio >= 1 ? 'ok' : 'BELOW TARGET'}`,
          );
          say(
            `  coefficients vs R: ${sameLength ? `${rCoefficients.length}, max abs difference ${diff.toExponential(1)}` : `R has ${rCoefficients.length}, pathwise ${ours.coefficients.length}`}; ` +
              `log likelihood ${ours.logLikelihood.toFixed(4)} vs R ${r.logLikelihood.toFixed(4)}` +
              (r.warnings ? `; R warned: ${r.warnings}` : ''),
          );
        }
      }
      summary.push({ customers, ours, r });
    } finally {
      if (dir !== '-') rmSync(dir, { recursive: true, force: true });
    }
  }

  say('growth with size (x = factor over the previous size):');
  say('  customers    long rows   pathwise s        s per 100k   peak RSS MB   R coxph s        ratio');
  const rSeconds = (r: RResult | RSkipped | null | undefined): number | null =>
    !r ? null : 'reason' in r ? null : r.coxphSeconds;
  summary.forEach(({ customers, ours, r }, i) => {
    const previous = summary[i - 1];
    const growth = (now: number, before: number | null | undefined): string =>
      before === undefined || before === null ? '' : ` (x${(now / before).toFixed(1)})`;
    const ourCell = `${ours.engineSeconds.toFixed(2)}${growth(ours.engineSeconds, previous?.ours.engineSeconds)}`;
    const seconds = rSeconds(r);
    const atLeast = r && 'reason' in r ? r.atLeastSeconds : null;
    const rCell =
      seconds !== null
        ? `${seconds.toFixed(2)}${growth(seconds, rSeconds(previous?.r))}`
        : atLeast !== null
          ? `> ${atLeast.toFixed(0)} (stopped)`
          : '-';
    const ratioCell =
      seconds !== null
        ? (seconds / ours.engineSeconds).toFixed(2)
        : atLeast !== null
          ? `> ${(atLeast / ours.engineSeconds).toFixed(1)}`
          : '-';
    say(
      `  ${fmtInt(customers).padStart(9)}  ${fmtInt(ours.longRows).padStart(11)}   ${ourCell.padEnd(16)}` +
        `  ${((ours.engineSeconds * 100_000) / customers).toFixed(3).padStart(10)}` +
        `   ${ours.peakRssMb.toFixed(0).padStart(11)}   ${rCell.padEnd(15)}  ${ratioCell}`,
    );
  });
  const million = summary.find((s) => s.customers === 1_000_000);
  if (million) {
    const s = million.ours.engineSeconds;
    say(
      `  1,000,000 customers: ${s.toFixed(2)} s (target < ${millionTargetSeconds} s): ` +
        `${s < millionTargetSeconds ? 'ok' : 'ABOVE TARGET'}`,
    );
  }
  return lines;
}

const argv = process.argv;
if (argv[2] === '--child') {
  await child(Number(argv[3]), argv[4]!);
} else if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  const sizes = argv.slice(2).map(Number);
  await benchMultistate((line) => console.log(line), sizes.length > 0 ? sizes : defaultSizes);
}
