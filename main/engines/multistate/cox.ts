// Cox proportional hazards on counting-process data (Tstart, Tstop], status), stratified,
// as R survival::coxph(Surv(Tstart, Tstop, status) ~ x + strata(s), ties = "breslow" | "efron")
// (survival 3.5-3, C routine agfit4). Math, for a stratum and an event time t with D the d
// rows that have an event at t and R(t) the rows with Tstart < t <= Tstop (zero-length rows,
// which Surv makes NA, are dropped), w_i = exp(x_i' beta):
//   S0 = sum_{R} w_i, S1 = sum_{R} w_i x_i, S2 = sum_{R} w_i x_i x_i'   (E0, E1, E2 over D)
//   Breslow: l += sum_D x_i' beta - d log S0;  U += sum_D x_i - d S1 / S0;
//            I += d (S2 / S0 - (S1 / S0)(S1 / S0)')
//   Efron:   for j = 0..d-1, f = j / d, S0_j = S0 - f E0 (likewise S1_j, S2_j):
//            l -= log S0_j; U -= S1_j / S0_j; I += S2_j / S0_j - (S1_j / S0_j)(S1_j / S0_j)'
// The fit can hold several independent blocks, each with its own coefficients (and its own
// strata): mstate's expand.covs model is one block per transition, since every expanded
// column is zero outside its transition and the strata are the transitions; the joint log
// likelihood is the sum and the information is block-diagonal. Newton-Raphson as coxph:
// beta = 0; step I^-1 U by survival's generalized Cholesky; a step that lowers the log
// likelihood is halved; converged when |1 - l_old / l_new| <= 1e-9 after a full step
// (coxph.control: eps = 1e-9, iter.max = 20, toler.chol = eps^0.75, toler.inf = sqrt(1e-9)).
// Covariates are centred (the partial likelihood does not change). Warnings as coxph:
// "Ran out of iterations and did not converge"; "Loglik converged before variable ...;
// coefficient may be infinite" when |U' I^-1| > eps and > toler.inf |beta| for a variable;
// "X matrix deemed to be singular" for a column with a zero pivot (coefficient NaN = R's NA).
// Cost: O(R log R) to sort each stratum by stop and by start time once, then per iteration
// one reverse sweep over the times adding rows at their stop time and removing them at their
// start time: O(R q^2) for R rows and q columns per block, plus O(p^3) for the Newton step.

import type { LdlFactor } from '../common/ldl-cholesky.ts';
import { isSingularPivot, ldlFactor, ldlInverse, ldlSolve } from '../common/ldl-cholesky.ts';
import { chiSquareUpperTail } from '../common/normal-distribution.ts';
import { stableOrder } from '../common/stable-order.ts';

export type CoxTies = 'breslow' | 'efron';

/** One independent Cox model with its own coefficients. */
export interface CoxBlock {
  rowCount: number;
  columnCount: number;
  /** Row-major rowCount x columnCount. */
  design: Float64Array;
  tStart: Float64Array;
  tStop: Float64Array;
  status: ArrayLike<number>;
  /** Stratum of every row (any integers); all rows in one stratum when absent. */
  stratum?: Int32Array;
  /** Names of the columns for warnings; 1-based positions in the joint fit when absent. */
  columnNames?: string[];
}

export interface CoxOptions {
  ties: CoxTies;
  /** coxph.control()$iter.max */
  maxIterations?: number;
  /** coxph.control()$eps */
  epsilon?: number;
  /** Called before every likelihood evaluation (progress; may throw to cancel). */
  onIteration?: (iteration: number, maxIterations: number) => void;
}

export interface CoxFit {
  /** Coefficients of all blocks, block after block; NaN for singular columns (R's NA). */
  coefficients: Float64Array;
  /** Row-major p x p inverse information at the fit (block-diagonal across blocks). */
  variance: Float64Array;
  logLikelihoodNull: number;
  logLikelihood: number;
  /** Newton-Raphson iterations, counted as coxph's `iter`. */
  iterations: number;
  converged: boolean;
  warnings: string[];
  /** Events used (rows with status 1 and Tstop > Tstart). */
  eventCount: number;
  /** Rows used (Tstop > Tstart). */
  rowCount: number;
}

export interface LikelihoodRatioTest {
  statistic: number;
  df: number;
  p: number;
}

interface PreparedBlock {
  q: number;
  rows: number;
  /** Centred design, row-major. */
  x: Float64Array;
  tStart: Float64Array;
  tStop: Float64Array;
  status: Uint8Array;
  /** Per stratum: row indices by Tstop descending, and by Tstart descending. */
  byStop: Int32Array[];
  byStart: Int32Array[];
}

function prepareBlock(block: CoxBlock): PreparedBlock {
  const q = block.columnCount;
  let rows = 0;
  for (let r = 0; r < block.rowCount; r++) if (block.tStop[r] > block.tStart[r]) rows++;
  const kept = new Int32Array(rows);
  for (let r = 0, i = 0; r < block.rowCount; r++) if (block.tStop[r] > block.tStart[r]) kept[i++] = r;
  // Rows are stored stratum by stratum, each by Tstop descending, so the likelihood sweep
  // reads them in memory order; within equal keys the original order is kept (stable).
  const byStopOverall = stableOrder(block.tStop, true, kept);
  let order = byStopOverall;
  if (block.stratum) {
    const stratumOf = block.stratum;
    order = stableOrder(
      Float64Array.from(byStopOverall, (r) => stratumOf[r]),
      false,
    ).map((position) => byStopOverall[position]);
  }
  const means = new Float64Array(q);
  for (let i = 0; i < rows; i++) {
    const base = order[i] * q;
    for (let c = 0; c < q; c++) means[c] += block.design[base + c];
  }
  for (let c = 0; c < q; c++) means[c] = rows > 0 ? means[c] / rows : 0;
  const x = new Float64Array(rows * q);
  const tStart = new Float64Array(rows);
  const tStop = new Float64Array(rows);
  const status = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = order[i];
    tStart[i] = block.tStart[r];
    tStop[i] = block.tStop[r];
    status[i] = block.status[r] === 1 ? 1 : 0;
    const base = r * q;
    for (let c = 0; c < q; c++) x[i * q + c] = block.design[base + c] - means[c];
  }
  const byStop: Int32Array[] = [];
  const byStart: Int32Array[] = [];
  for (let first = 0; first < rows;) {
    let last = first + 1;
    if (block.stratum) {
      const stratum = block.stratum[order[first]];
      while (last < rows && block.stratum[order[last]] === stratum) last++;
    } else last = rows;
    const members = new Int32Array(last - first);
    for (let i = first; i < last; i++) members[i - first] = i;
    byStop.push(members);
    byStart.push(stableOrder(tStart, true, members));
    first = last;
  }
  return { q, rows, x, tStart, tStop, status, byStop, byStart };
}

/**
 * Log partial likelihood at beta (q values from `offset`); adds the score into
 * score[offset..] and the information into the p x p matrix at (offset, offset).
 */
function accumulateBlock(
  block: PreparedBlock,
  beta: Float64Array,
  offset: number,
  ties: CoxTies,
  score: Float64Array,
  information: Float64Array,
  p: number,
): number {
  const { q, x, tStart, tStop, status } = block;
  const weight = new Float64Array(block.rows);
  const eta = new Float64Array(block.rows);
  for (let i = 0; i < block.rows; i++) {
    let value = 0;
    for (let c = 0; c < q; c++) value += x[i * q + c] * beta[offset + c];
    eta[i] = value;
    weight[i] = Math.exp(value);
  }
  const s1 = new Float64Array(q);
  const s2 = new Float64Array(q * q);
  const e1 = new Float64Array(q);
  const e2 = new Float64Array(q * q);
  const mean = new Float64Array(q);
  let logLikelihood = 0;
  for (let s = 0; s < block.byStop.length; s++) {
    const byStop = block.byStop[s];
    const byStart = block.byStart[s];
    let s0 = 0;
    s1.fill(0);
    s2.fill(0);
    let atRisk = 0;
    let stopPointer = 0;
    let startPointer = 0;
    while (stopPointer < byStop.length) {
      const time = tStop[byStop[stopPointer]];
      let deaths = 0;
      let e0 = 0;
      e1.fill(0);
      e2.fill(0);
      // Enter every row whose interval ends at this time (later ones entered before).
      while (stopPointer < byStop.length && tStop[byStop[stopPointer]] === time) {
        const i = byStop[stopPointer++];
        const w = weight[i];
        const row = i * q;
        s0 += w;
        atRisk++;
        for (let a = 0; a < q; a++) {
          const wx = w * x[row + a];
          s1[a] += wx;
          for (let b = 0; b <= a; b++) s2[a * q + b] += wx * x[row + b];
        }
        if (status[i] === 1) {
          deaths++;
          e0 += w;
          logLikelihood += eta[i];
          for (let a = 0; a < q; a++) {
            const wx = w * x[row + a];
            score[offset + a] += x[row + a];
            e1[a] += wx;
            for (let b = 0; b <= a; b++) e2[a * q + b] += wx * x[row + b];
          }
        }
      }
      // Leave every row that starts at or after this time (not at risk: Tstart < t needed).
      while (startPointer < byStart.length && tStart[byStart[startPointer]] >= time) {
        const i = byStart[startPointer++];
        const w = weight[i];
        const row = i * q;
        atRisk--;
        if (atRisk === 0) {
          s0 = 0;
          s1.fill(0);
          s2.fill(0);
          continue;
        }
        s0 -= w;
        for (let a = 0; a < q; a++) {
          const wx = w * x[row + a];
          s1[a] -= wx;
          for (let b = 0; b <= a; b++) s2[a * q + b] -= wx * x[row + b];
        }
      }
      if (deaths === 0) continue;
      const efron = ties === 'efron' && deaths > 1;
      const steps = efron ? deaths : 1;
      const multiplicity = efron ? 1 : deaths;
      for (let j = 0; j < steps; j++) {
        const f = efron ? j / deaths : 0;
        const denominator = s0 - f * e0;
        logLikelihood -= multiplicity * Math.log(denominator);
        for (let a = 0; a < q; a++) {
          mean[a] = (s1[a] - f * e1[a]) / denominator;
          score[offset + a] -= multiplicity * mean[a];
        }
        for (let a = 0; a < q; a++) {
          for (let b = 0; b <= a; b++) {
            const value =
              multiplicity * ((s2[a * q + b] - f * e2[a * q + b]) / denominator - mean[a] * mean[b]);
            information[(offset + a) * p + offset + b] += value;
            if (a !== b) information[(offset + b) * p + offset + a] += value;
          }
        }
      }
    }
  }
  return logLikelihood;
}

interface Evaluation {
  logLikelihood: number;
  score: Float64Array;
  information: Float64Array;
}

function evaluate(blocks: PreparedBlock[], beta: Float64Array, ties: CoxTies, p: number): Evaluation {
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  let logLikelihood = 0;
  let offset = 0;
  for (const block of blocks) {
    logLikelihood += accumulateBlock(block, beta, offset, ties, score, information, p);
    offset += block.q;
  }
  return { logLikelihood, score, information };
}

/** Fits the blocks jointly by coxph's Newton-Raphson. */
export function fitCox(blocks: CoxBlock[], options: CoxOptions): CoxFit {
  const maxIterations = options.maxIterations ?? 20;
  const epsilon = options.epsilon ?? 1e-9;
  const infiniteTolerance = Math.sqrt(epsilon);
  const prepared = blocks.map(prepareBlock);
  const p = prepared.reduce((sum, block) => sum + block.q, 0);
  const names: string[] = [];
  for (const block of blocks) {
    for (let c = 0; c < block.columnCount; c++)
      names.push(block.columnNames?.[c] ?? String(names.length + 1));
  }
  let eventCount = 0;
  for (const block of prepared) for (let i = 0; i < block.rows; i++) eventCount += block.status[i];

  let beta = new Float64Array(p);
  options.onIteration?.(0, maxIterations);
  let current = evaluate(prepared, beta, options.ties, p);
  const logLikelihoodNull = current.logLikelihood;
  let logLikelihood = current.logLikelihood;
  let factor: LdlFactor = ldlFactor(current.information, p);
  let newBeta = beta.map((value, i) => value + ldlSolve(factor, current.score)[i]);
  let halving = false;
  let converged = false;
  let iterations = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    iterations = iteration;
    options.onIteration?.(iteration, maxIterations);
    current = evaluate(prepared, newBeta, options.ties, p);
    const newLogLikelihood = current.logLikelihood;
    factor = ldlFactor(current.information, p);
    if (!halving && Math.abs(1 - logLikelihood / newLogLikelihood) <= epsilon) {
      converged = true;
      break;
    }
    if (iteration === maxIterations) break;
    if (!(newLogLikelihood >= logLikelihood)) {
      // Not converging: go back half way towards the last accepted beta.
      halving = true;
      newBeta = newBeta.map((value, i) => (value + beta[i]) / 2);
    } else {
      halving = false;
      logLikelihood = newLogLikelihood;
      const step = ldlSolve(factor, current.score);
      beta = newBeta;
      newBeta = beta.map((value, i) => value + step[i]);
    }
  }
  if (maxIterations === 0) newBeta = beta;
  const variance = ldlInverse(factor);
  const warnings: string[] = [];
  const coefficients = Float64Array.from(newBeta);
  const singular: string[] = [];
  for (let i = 0; i < p; i++) {
    if (isSingularPivot(factor, i)) {
      coefficients[i] = NaN;
      singular.push(names[i]);
    }
  }
  if (!converged && maxIterations > 0) {
    warnings.push('Ran out of iterations and did not converge');
  } else if (maxIterations > 1) {
    const infinite: string[] = [];
    for (let i = 0; i < p; i++) {
      if (isSingularPivot(factor, i)) continue;
      let step = 0;
      for (let j = 0; j < p; j++) step += current.score[j] * variance[j * p + i];
      const size = Math.abs(step);
      if (size > epsilon && size > infiniteTolerance * Math.abs(coefficients[i])) infinite.push(names[i]);
    }
    if (infinite.length > 0) {
      warnings.push(`Loglik converged before variable ${infinite.join(',')}; coefficient may be infinite.`);
    }
  }
  if (singular.length > 0) {
    warnings.push(`X matrix deemed to be singular; variable ${singular.join(' ')}`);
  }
  return {
    coefficients,
    variance,
    logLikelihoodNull,
    logLikelihood: current.logLikelihood,
    iterations,
    converged,
    warnings,
    eventCount,
    rowCount: prepared.reduce((sum, block) => sum + block.rows, 0),
  };
}

/** The likelihood-ratio test of the model: 2 (l(beta) - l(0)), df = coefficients not NA. */
export function likelihoodRatioTest(fit: CoxFit): LikelihoodRatioTest {
  const statistic = 2 * (fit.logLikelihood - fit.logLikelihoodNull);
  const df = fit.coefficients.reduce((count, value) => count + (Number.isNaN(value) ? 0 : 1), 0);
  return { statistic, df, p: df > 0 ? chiSquareUpperTail(statistic, df) : NaN };
}
