// The covariate model of the multistate analysis and its `coefficients` table (DESIGN.md
// section 4; fixture READMEs, `coefficients`): every covariate transition-specific (mstate
// expand.covs), one Cox partial likelihood stratified by transition, as R
//   coxph(Surv(Tstart, Tstop, status) ~ <expanded columns> + strata(trans), method = ties)
// fitted as K independent blocks (one per transition, on that transition's rows and the base
// design columns), which is the same likelihood with a block-diagonal information.
// Table rows in the fixtures' (and R's formula) order: base term by base term, transitions
// 1..K within each. se = sqrt(diag(I^-1)), hr = exp(coef), 95% Wald interval
// exp(coef -/+ qnorm(0.975) se), p = 2 P(Z > |coef / se|) with an accurate normal tail.
// Cost: that of the Cox fit, O(iterations * rows * q^2) for q base columns, plus O(rows q).

import type { Frame } from '../../../shared/frame.ts';
import type { LongData } from './msprep.ts';
import type { CovariateDesign, CovariateOptions, ExpandedTerm } from './covariates.ts';
import { covariateDesign, expandedTerms } from './covariates.ts';
import type { CoxBlock, CoxFit, CoxTies, LikelihoodRatioTest } from './cox.ts';
import { fitCox, likelihoodRatioTest } from './cox.ts';
import { normalQuantile975, twoSidedNormalP } from '../common/normal-distribution.ts';

export interface CoefficientRow {
  term: string;
  /** Transition number, 1-based as mstate's `trans`. */
  trans: number;
  coef: number;
  se: number;
  hr: number;
  lower: number;
  upper: number;
  p: number;
}

export interface CovariateModel {
  design: CovariateDesign;
  /** Expanded columns, term-major (the table's order). */
  terms: ExpandedTerm[];
  fit: CoxFit;
  /** fitIndex[j]: position of expanded column j in fit.coefficients (block order). */
  fitIndex: Int32Array;
  likelihoodRatio: LikelihoodRatioTest;
}

/** One Cox block per transition: its rows (all intervals; the fit drops zero-length ones) and base columns. */
export function transitionBlocks(long: LongData, design: CovariateDesign): CoxBlock[] {
  const transitionCount = long.transitions.fromState.length;
  const q = design.terms.length;
  const counts = new Int32Array(transitionCount);
  for (let r = 0; r < long.rowCount; r++) counts[long.transition[r]]++;
  const blocks = Array.from(counts, (rowCount, k) => ({
    rowCount,
    columnCount: q,
    design: new Float64Array(rowCount * q),
    tStart: new Float64Array(rowCount),
    tStop: new Float64Array(rowCount),
    status: new Uint8Array(rowCount),
    columnNames: design.terms.map((term) => `${term.term} (transition ${k + 1})`),
  }));
  const filled = new Int32Array(transitionCount);
  for (let r = 0; r < long.rowCount; r++) {
    const block = blocks[long.transition[r]];
    const i = filled[long.transition[r]]++;
    block.tStart[i] = long.tStart[r];
    block.tStop[i] = long.tStop[r];
    block.status[i] = long.status[r];
    const source = long.subject[r] * q;
    for (let c = 0; c < q; c++) block.design[i * q + c] = design.values[source + c];
  }
  return blocks;
}

export function fitCovariateModel(
  frame: Frame,
  long: LongData,
  givenDesign: CovariateDesign | undefined,
  options: CovariateOptions & {
    ties: CoxTies;
    onIteration?: (iteration: number, maxIterations: number) => void;
  },
): CovariateModel {
  const design = givenDesign ?? covariateDesign(frame, options);
  const transitionCount = long.transitions.fromState.length;
  const q = design.terms.length;
  const fit = fitCox(transitionBlocks(long, design), {
    ties: options.ties,
    onIteration: options.onIteration,
  });
  const terms = expandedTerms(design, transitionCount);
  const fitIndex = Int32Array.from(terms, (term) => term.transition * q + term.base);
  return { design, terms, fit, fitIndex, likelihoodRatio: likelihoodRatioTest(fit) };
}

export function coefficientRows(model: CovariateModel): CoefficientRow[] {
  const { fit } = model;
  const p = fit.coefficients.length;
  return model.terms.map((term, j) => {
    const index = model.fitIndex[j];
    const coef = fit.coefficients[index];
    const se = Number.isNaN(coef) ? NaN : Math.sqrt(fit.variance[index * p + index]);
    return {
      term: term.term,
      trans: term.transition + 1,
      coef,
      se,
      hr: Math.exp(coef),
      lower: Math.exp(coef - normalQuantile975 * se),
      upper: Math.exp(coef + normalQuantile975 * se),
      p: twoSidedNormalP(coef / se),
    };
  });
}
