// Cox fit: a two-group example solved by hand, Breslow and Efron against a direct O(n^2)
// partial likelihood (risk sets read off the definition), separation and non-convergence
// warnings, and the expand.covs model fitted densely = fitted in blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CoxBlock, CoxTies } from '../../../../main/engines/multistate/cox.ts';
import { fitCox, likelihoodRatioTest } from '../../../../main/engines/multistate/cox.ts';
import { msprep } from '../../../../main/engines/multistate/msprep.ts';
import { covariateDesign, expandCovariates } from '../../../../main/engines/multistate/covariates.ts';
import { fitCovariateModel } from '../../../../main/engines/multistate/coefficients.ts';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { loadCase } from './fixture-cases.ts';

function block(rows: [number, number, number, number[]][], stratum?: number[]): CoxBlock {
  return {
    rowCount: rows.length,
    columnCount: rows[0][3].length,
    design: Float64Array.from(rows.flatMap((row) => row[3])),
    tStart: Float64Array.from(rows, (row) => row[0]),
    tStop: Float64Array.from(rows, (row) => row[1]),
    status: Uint8Array.from(rows, (row) => row[2]),
    stratum: stratum ? Int32Array.from(stratum) : undefined,
  };
}

test('two groups by hand: beta = -log(2) / 2, information and LRT in closed form', () => {
  // Times 1 (x = 1, event), 2 (x = 0, event), 3 (x = 1, censored); u = exp(beta):
  // l = beta - log(2u + 1) - log(u + 1); dl/dbeta = 1/(2u + 1) - u/(u + 1) = 0 -> u^2 = 1/2.
  const fit = fitCox(
    [
      block([
        [0, 1, 1, [1]],
        [0, 2, 1, [0]],
        [0, 3, 0, [1]],
      ]),
    ],
    { ties: 'breslow' },
  );
  const u = Math.SQRT1_2;
  assert.ok(fit.converged);
  assert.deepEqual(fit.warnings, []);
  assert.ok(Math.abs(fit.coefficients[0] + Math.log(2) / 2) < 1e-9);
  const information = (2 * u) / (2 * u + 1) ** 2 + u / (u + 1) ** 2;
  assert.ok(Math.abs(fit.variance[0] * information - 1) < 1e-8);
  const logLikelihood = Math.log(u) - Math.log(2 * u + 1) - Math.log(u + 1);
  assert.ok(Math.abs(fit.logLikelihood - logLikelihood) < 1e-14);
  assert.ok(Math.abs(fit.logLikelihoodNull + Math.log(6)) < 1e-14);
  const lrt = likelihoodRatioTest(fit);
  assert.equal(lrt.df, 1);
  assert.ok(Math.abs(lrt.statistic - 2 * (logLikelihood + Math.log(6))) < 1e-13);
  assert.ok(lrt.p > 0 && lrt.p < 1);
});

/** Direct partial likelihood: risk set {Tstart < t <= Tstop} in the stratum, by definition. */
function directLogLikelihood(data: CoxBlock, beta: number[], ties: CoxTies): number {
  const q = data.columnCount;
  const eta = (i: number): number => beta.reduce((sum, b, c) => sum + b * data.design[i * q + c], 0);
  const stratumOf = (i: number): number => (data.stratum ? data.stratum[i] : 0);
  const used = (i: number): boolean => data.tStop[i] > data.tStart[i];
  const seen = new Set<string>();
  let total = 0;
  for (let i = 0; i < data.rowCount; i++) {
    if (!used(i) || data.status[i] !== 1) continue;
    const key = `${stratumOf(i)}:${data.tStop[i]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const t = data.tStop[i];
    let riskSum = 0;
    let deathSum = 0;
    let deaths = 0;
    for (let j = 0; j < data.rowCount; j++) {
      if (!used(j) || stratumOf(j) !== stratumOf(i) || !(data.tStart[j] < t && t <= data.tStop[j])) continue;
      riskSum += Math.exp(eta(j));
      if (data.tStop[j] === t && data.status[j] === 1) {
        deaths++;
        deathSum += Math.exp(eta(j));
        total += eta(j);
      }
    }
    for (let k = 0; k < deaths; k++) {
      total -= Math.log(ties === 'efron' ? riskSum - (k / deaths) * deathSum : riskSum);
    }
  }
  return total;
}

function randomBlock(rng: Rng, rows: number): CoxBlock {
  const data: [number, number, number, number[]][] = [];
  const strata: number[] = [];
  for (let i = 0; i < rows; i++) {
    const start = rng.nextFloat() < 0.3 ? Math.floor(rng.nextFloat() * 4) : 0;
    // Whole-day stops make many ties; some rows have zero length.
    const stop = start + Math.floor(rng.nextFloat() * 8);
    const group = rng.nextFloat() < 0.5 ? 1 : 0;
    data.push([start, stop, rng.nextFloat() < 0.7 ? 1 : 0, [group, rng.nextFloat() * 2 - 1 + 0.5 * group]]);
    strata.push(rng.nextFloat() < 0.5 ? 7 : 3);
  }
  return block(data, strata);
}

for (const ties of ['breslow', 'efron'] as const) {
  test(`${ties}: log likelihood, zero score and information match the direct definition`, () => {
    const data = randomBlock(new Rng(11), 120);
    const fit = fitCox([data], { ties, epsilon: 1e-14 });
    assert.ok(fit.converged);
    const beta = Array.from(fit.coefficients);
    assert.ok(Math.abs(fit.logLikelihoodNull - directLogLikelihood(data, [0, 0], ties)) < 1e-10);
    assert.ok(Math.abs(fit.logLikelihood - directLogLikelihood(data, beta, ties)) < 1e-10);
    // Numerical score ~ 0 and numerical Hessian = -(variance)^-1.
    const h = 1e-4;
    const at = (b0: number, b1: number): number => directLogLikelihood(data, [b0, b1], ties);
    for (let c = 0; c < 2; c++) {
      const plus = c === 0 ? at(beta[0] + h, beta[1]) : at(beta[0], beta[1] + h);
      const minus = c === 0 ? at(beta[0] - h, beta[1]) : at(beta[0], beta[1] - h);
      assert.ok(Math.abs((plus - minus) / (2 * h)) < 1e-6, `score ${c}`);
    }
    const second = (i: number, j: number): number => {
      const shift = (di: number, dj: number): number => {
        const b = [...beta];
        b[i] += di;
        b[j] += dj;
        return at(b[0], b[1]);
      };
      return (shift(h, h) - shift(h, -h) - shift(-h, h) + shift(-h, -h)) / (4 * h * h);
    };
    const [v00, v01, , v11] = Array.from(fit.variance);
    const determinant = v00 * v11 - v01 * v01;
    const information = [v11 / determinant, -v01 / determinant, v00 / determinant];
    const numeric = [-second(0, 0), -second(0, 1), -second(1, 1)];
    numeric.forEach((value, i) => assert.ok(Math.abs(value / information[i] - 1) < 1e-4, `information ${i}`));
  });
}

test('efron and breslow agree without ties and differ with them', () => {
  const untied = block([
    [0, 1, 1, [1]],
    [0, 2, 1, [0]],
    [0, 3, 1, [1]],
    [0, 4, 0, [0]],
  ]);
  const a = fitCox([untied], { ties: 'breslow' });
  const b = fitCox([untied], { ties: 'efron' });
  assert.equal(a.coefficients[0], b.coefficients[0]);
  const tied = randomBlock(new Rng(5), 60);
  const c = fitCox([tied], { ties: 'breslow' });
  const d = fitCox([tied], { ties: 'efron' });
  assert.ok(Math.abs(c.coefficients[0] - d.coefficients[0]) > 1e-4);
});

test('separation: the coefficient may be infinite (coxph warning); no convergence in 1 iteration', () => {
  const data = block([
    [0, 1, 1, [1]],
    [0, 2, 1, [0]],
    [0, 3, 0, [1]],
  ]);
  const fit = fitCox([data], { ties: 'breslow', maxIterations: 1 });
  assert.equal(fit.converged, false);
  assert.deepEqual(fit.warnings, ['Ran out of iterations and did not converge']);
  // Both x = 1 subjects fail before any x = 0 one: beta -> infinity, l(beta) -> -log(12).
  const strictlyOrdered = block([
    [0, 1, 1, [1]],
    [0, 2, 1, [1]],
    [0, 3, 1, [0]],
    [0, 4, 1, [0]],
    [0, 5, 0, [0]],
  ]);
  const infinite = fitCox([strictlyOrdered], { ties: 'breslow' });
  assert.ok(infinite.coefficients[0] > 5);
  assert.match(
    infinite.warnings.join(' '),
    /Loglik converged before variable 1; coefficient may be infinite/,
  );
});

test('a column that is always 0 is singular: NaN coefficient (R: NA) and a warning', () => {
  const fit = fitCox(
    [
      {
        ...block([
          [0, 1, 1, [1, 0]],
          [0, 2, 1, [0, 0]],
          [0, 3, 0, [1, 0]],
        ]),
        columnNames: ['x', 'zero'],
      },
    ],
    { ties: 'breslow' },
  );
  assert.ok(Number.isNaN(fit.coefficients[1]));
  assert.ok(Math.abs(fit.coefficients[0] + Math.log(2) / 2) < 1e-9);
  assert.deepEqual(fit.warnings, ['X matrix deemed to be singular; variable zero']);
  assert.equal(likelihoodRatioTest(fit).df, 1);
});

test('ebmt3: the dense expand.covs design stratified by transition = the per-transition blocks', () => {
  const fixture = loadCase('ebmt3');
  const long = msprep(fixture.frame, fixture.options);
  const options = { covariates: ['dissub', 'age'], levels: { dissub: ['AML', 'ALL', 'CML'] } };
  const design = covariateDesign(fixture.frame, options);
  const dense = fitCox(
    [
      {
        rowCount: long.rowCount,
        columnCount: design.terms.length * 3,
        design: expandCovariates(long, design),
        tStart: long.tStart,
        tStop: long.tStop,
        status: long.status,
        stratum: long.transition,
      },
    ],
    { ties: 'efron' },
  );
  const blocks = fitCovariateModel(fixture.frame, long, undefined, { ...options, ties: 'efron' });
  assert.ok(Math.abs(dense.logLikelihood - blocks.fit.logLikelihood) < 1e-8);
  assert.equal(dense.iterations, blocks.fit.iterations);
  blocks.fitIndex.forEach((index, j) => {
    assert.ok(Math.abs(dense.coefficients[j] - blocks.fit.coefficients[index]) < 1e-10);
  });
});
