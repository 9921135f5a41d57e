// The coefficients table against R's coxph(... + strata(trans), method = "breslow") on
// expand.covs data, for every reference case with a covariate model, with its LRT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coefficientRows, fitCovariateModel } from '../../../../main/engines/multistate/coefficients.ts';
import { chiSquareUpperTail } from '../../../../main/engines/common/normal-distribution.ts';
import { msprep } from '../../../../main/engines/multistate/msprep.ts';
import { assertMatchesExpected, caseNames, loadCase } from './fixture-cases.ts';

const fixturesRoot = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'fixtures', 'multistate');

interface CovariateCaseOptions {
  covariates: string[];
  levels?: Record<string, string[]>;
  ties: 'breslow' | 'efron';
}

/** coxph's iteration count and log partial likelihood as each README reports them. */
const reported: Record<string, { iterations: number; logLikelihood: number }> = {
  ebmt3: { iterations: 4, logLikelihood: -14109.1856 },
  subscription: { iterations: 3, logLikelihood: -26302.43034 },
};

for (const name of caseNames) {
  if (!existsSync(join(fixturesRoot, name, 'expected', 'coefficients.csv'))) continue;
  test(`${name}: coefficients as coxph on expand.covs data stratified by transition`, () => {
    const fixture = loadCase(name);
    const options = fixture.options as unknown as CovariateCaseOptions;
    const model = fitCovariateModel(
      fixture.frame,
      msprep(fixture.frame, fixture.options),
      undefined,
      options,
    );
    assert.deepEqual(model.fit.warnings, []);
    assert.ok(model.fit.converged);
    const rows = coefficientRows(model);
    const expected = fixture.expected('coefficients');
    assert.equal(rows.length, expected.length);
    // The table's order is the fixtures' (R formula) order.
    assert.deepEqual(
      rows.map((row) => `${row.term}/${row.trans}`),
      expected.map((row) => `${row.term}/${row.trans}`),
    );
    const { worstRelative } = assertMatchesExpected(fixture, 'coefficients', rows);
    assert.ok(worstRelative < 1e-9, `worst relative difference ${worstRelative}`);
    const r = reported[name] as { iterations: number; logLikelihood: number } | undefined;
    if (r) {
      assert.equal(model.fit.iterations, r.iterations);
      assert.ok(Math.abs(model.fit.logLikelihood - r.logLikelihood) < 1e-4);
    }
    const lrt = model.likelihoodRatio;
    assert.equal(lrt.df, rows.length);
    assert.equal(lrt.statistic, 2 * (model.fit.logLikelihood - model.fit.logLikelihoodNull));
    assert.ok(lrt.statistic > 0);
    assert.equal(lrt.p, chiSquareUpperTail(lrt.statistic, lrt.df));
  });
}
