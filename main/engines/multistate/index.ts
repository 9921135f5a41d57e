// The `multistate` engine (DESIGN.md section 4), as R mstate 0.3.3 + survival 3.5-3:
//   msprep           wide data -> counting-process rows per transition at risk (msprep.ts)
//   frequencies      mstate events() (events.ts), and the transitions with their shares
//   cumhaz           null model: Nelson-Aalen per transition, Greenwood variances (msfit)
//   probtrans        forward Aalen-Johansen from predict.from at predict.start, with SEs,
//                    at predict.times, on an even 101-point grid (occupation_curve), and
//                    from every state (transition_matrix, the full P(s, t))
//   coefficients     Cox model stratified by transition, transition-specific covariates
//                    (expand.covs), Breslow or Efron ties, with the likelihood-ratio test
//   profile_*        msfit(newdata) hazards of each profile, then probtrans (no variance)
// The engine checks what needs the data before any model is fitted (`check`), so the wizard
// can show those messages before a run. References: test/fixtures/multistate/*.
// Cost: O(R log R + iterations R q^2) for R long rows and q base columns, plus
// O(G S^3 (S + profiles)) for G event times and S states.

import type { Engine, EngineContext } from '../engine.ts';
import type { Frame } from '../../../shared/frame.ts';
import type { Result, Table, Cell } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import { InputError } from '../../../shared/errors.ts';
import type { MultistateOptions } from '../../../shared/analyses/multistate.ts';
import { multistateDefinition } from '../../../shared/analyses/multistate.ts';
import type { LongData, MultistateLayout } from './msprep.ts';
import { msprep } from './msprep.ts';
import { transitionFrequencies, type FrequencyRow } from './events.ts';
import { cumulativeHazardRows, nelsonAalen, type HazardSteps } from './cumulative-hazard.ts';
import { transitionProbabilities } from './probtrans.ts';
import { covariateDesign, profileDesignRow, type CovariateDesign } from './covariates.ts';
import { coefficientRows, fitCovariateModel, type CovariateModel } from './coefficients.ts';
import { breslowBaseline, profileHazards } from './profile-hazard.ts';

/** Points of the even time grid of occupation_curve and profile_curve. */
export const curvePointCount = 101;

function cell(value: number): Cell {
  return Number.isFinite(value) ? value : null;
}

function layoutOf(options: MultistateOptions): MultistateLayout {
  return {
    id: options.id,
    states: options.states,
    transitions: options.transitions,
    time: options.time,
    status: options.status,
  };
}

/** Events per transition (status-1 rows). */
function eventCounts(long: LongData): Float64Array {
  const counts = new Float64Array(long.transitions.fromState.length);
  for (let r = 0; r < long.rowCount; r++) if (long.status[r] === 1) counts[long.transition[r]]++;
  return counts;
}

/** Preparation and the data checks a run would otherwise fail on later. */
function prepare(
  frame: Frame,
  options: MultistateOptions,
): { long: LongData; warnings: string[]; design: CovariateDesign | undefined } {
  if (frame.rowCount < 2) {
    throw new InputError(
      `data "${frame.name}": ${frame.rowCount} row${frame.rowCount === 1 ? '' : 's'}; a multi-state model needs one row per customer, and more than one customer`,
    );
  }
  const long = msprep(frame, layoutOf(options));
  const warnings = [...long.warnings];
  let zeroLength = 0;
  for (let r = 0; r < long.rowCount; r++) if (!(long.tStop[r] > long.tStart[r])) zeroLength++;
  if (zeroLength > 0) {
    warnings.push(
      `${zeroLength} row${zeroLength === 1 ? '' : 's'} of the prepared data (customers who entered a state and left it or were last seen at the same time) ${zeroLength === 1 ? 'has' : 'have'} no length: counted in the frequencies, never at risk in the models (as R coxph, which drops them)`,
    );
  }
  const counts = eventCounts(long);
  options.transitions.forEach(([from, to], k) => {
    if (counts[k] > 0) return;
    const what = `transition ${k + 1} (${from} -> ${to}): no customer in "${frame.name}" makes this transition`;
    if (options.covariates.length > 0) {
      throw new InputError(
        `${what}, so covariate effects on it cannot be estimated; remove the transition or check the status column of ${to} (${options.status[to] ?? 'none'})`,
        { option: `transitions.${k}` },
      );
    }
    warnings.push(`${what}; its cumulative hazard stays 0`);
  });
  // Checks levels, missing values and one-level covariates (throws with the column named).
  const design =
    options.covariates.length > 0
      ? covariateDesign(frame, { covariates: options.covariates, levels: options.levels })
      : undefined;
  return { long, warnings, design };
}

function frequenciesTable(rows: FrequencyRow[]): Table {
  return makeTable(
    multistateDefinition.tables.frequencies.title,
    [
      { name: 'from', type: 'string' },
      { name: 'to', type: 'string' },
      { name: 'count', type: 'integer' },
    ],
    rows.map((row) => [row.from, row.to, row.count]),
  );
}

function transitionsTable(options: MultistateOptions, frequencies: FrequencyRow[]): Table {
  const entering = new Map<string, number>();
  for (const row of frequencies) if (row.to === 'total entering') entering.set(row.from, row.count);
  return makeTable(
    multistateDefinition.tables.transitions.title,
    [
      { name: 'trans', type: 'integer' },
      { name: 'from', type: 'string' },
      { name: 'to', type: 'string' },
      { name: 'count', type: 'integer' },
      { name: 'proportion', type: 'number', label: 'share of those entering "from"' },
    ],
    options.transitions.map(([from, to], k) => {
      const count = frequencies.find((row) => row.from === from && row.to === to)?.count ?? 0;
      const total = entering.get(from) ?? 0;
      return [k + 1, from, to, count, total > 0 ? count / total : null];
    }),
  );
}

/** Even grid from the start time to the last event time (inclusive), `curvePointCount` points. */
function curveTimes(start: number, hazards: HazardSteps): number[] {
  const last = hazards.times.length > 0 ? hazards.times[hazards.times.length - 1] : start;
  const end = Math.max(start, last);
  return Array.from({ length: curvePointCount }, (_, i) =>
    i === curvePointCount - 1 ? end : start + ((end - start) * i) / (curvePointCount - 1),
  );
}

/** Table rows of probtrans output: [profile,] time, state, prob[, se]. */
function occupationCells(
  rows: { time: number; state: string; prob: number; se: number }[],
  withSe: boolean,
  profile?: string,
): Cell[][] {
  return rows.map((row) => {
    const cells: Cell[] = [row.time, row.state, cell(row.prob)];
    if (withSe) cells.push(cell(row.se));
    return profile === undefined ? cells : [profile, ...cells];
  });
}

export const multistateEngine: Engine<MultistateOptions> = {
  definition: multistateDefinition,

  check(inputs: Record<string, Frame>, options: MultistateOptions): { warnings: string[] } {
    const frame = inputs.data;
    if (!frame) throw new InputError('multistate needs a dataset "data" (one row per customer)');
    return { warnings: prepare(frame, options).warnings };
  },

  run(inputs: Record<string, Frame>, options: MultistateOptions, ctx: EngineContext): Result {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const lap = (name: string, since: number): number => {
      const now = performance.now();
      timings[name] = now - since;
      return now;
    };
    const frame = inputs.data;
    if (!frame) throw new InputError('multistate needs a dataset "data" (one row per customer)');
    const hasCovariates = options.covariates.length > 0;
    const states = options.states;
    const fromName = options.predict.from ?? states[0];
    const from = states.indexOf(fromName);
    const { start, times } = options.predict;

    ctx.progress(0, 'Preparing the data');
    const { long, warnings, design } = prepare(frame, options);
    let mark = lap('prepare_ms', started);

    ctx.checkCancelled();
    ctx.progress(0.1, 'Counting transitions');
    const frequencyRows = transitionFrequencies(long);
    const tables: Record<string, Table> = {};
    tables.transitions = transitionsTable(options, frequencyRows);
    tables.frequencies = frequenciesTable(frequencyRows);

    ctx.checkCancelled();
    ctx.progress(0.15, 'Cumulative hazards');
    const hazards = nelsonAalen(long);
    tables.cumhaz = makeTable(
      multistateDefinition.tables.cumhaz.title,
      [
        { name: 'trans', type: 'integer' },
        { name: 'time', type: 'number' },
        { name: 'Haz', type: 'number' },
        { name: 'varHaz', type: 'number' },
      ],
      cumulativeHazardRows(hazards).map((row) => [row.trans, row.time, row.Haz, row.varHaz]),
    );
    mark = lap('cumhaz_ms', mark);

    ctx.checkCancelled();
    ctx.progress(0.25, 'State-occupation probabilities');
    const occupationColumns: Table['columns'] = [
      { name: 'time', type: 'number' },
      { name: 'state', type: 'string' },
      { name: 'prob', type: 'number' },
      { name: 'se', type: 'number' },
    ];
    tables.probtrans = makeTable(
      multistateDefinition.tables.probtrans.title,
      occupationColumns,
      occupationCells(transitionProbabilities(hazards, from, start, times), true),
    );
    const curve = curveTimes(start, hazards);
    tables.occupation_curve = makeTable(
      multistateDefinition.tables.occupation_curve.title,
      occupationColumns,
      occupationCells(transitionProbabilities(hazards, from, start, curve), true),
    );
    const matrixRows: Cell[][] = [];
    const fromEvery = states.map((_, s) => transitionProbabilities(hazards, s, start, times));
    times.forEach((_, t) => {
      states.forEach((state, s) => {
        for (let j = 0; j < states.length; j++) {
          const row = fromEvery[s][t * states.length + j];
          matrixRows.push([row.time, state, row.state, cell(row.prob), cell(row.se)]);
        }
      });
    });
    tables.transition_matrix = makeTable(
      multistateDefinition.tables.transition_matrix.title,
      [
        { name: 'time', type: 'number' },
        { name: 'from', type: 'string' },
        { name: 'to', type: 'string' },
        { name: 'prob', type: 'number' },
        { name: 'se', type: 'number' },
      ],
      matrixRows,
    );
    mark = lap('probtrans_ms', mark);

    if (hasCovariates) {
      ctx.checkCancelled();
      ctx.progress(0.4, 'Fitting the covariate model');
      const model: CovariateModel = fitCovariateModel(frame, long, design, {
        covariates: options.covariates,
        levels: options.levels,
        ties: options.ties,
        onIteration: (iteration, maxIterations) => {
          ctx.checkCancelled();
          ctx.progress(
            0.4 + (0.45 * iteration) / (maxIterations + 1),
            `Fitting the covariate model (iteration ${iteration})`,
          );
        },
      });
      warnings.push(...model.fit.warnings.map((w) => `covariate model (coxph): ${w}`));
      tables.coefficients = makeTable(
        multistateDefinition.tables.coefficients.title,
        [
          { name: 'term', type: 'string' },
          { name: 'trans', type: 'integer' },
          { name: 'coef', type: 'number' },
          { name: 'se', type: 'number' },
          { name: 'hr', type: 'number', label: 'hazard ratio' },
          { name: 'lower', type: 'number', label: '95% lower' },
          { name: 'upper', type: 'number', label: '95% upper' },
          { name: 'p', type: 'number' },
        ],
        coefficientRows(model).map((row) => [
          row.term,
          row.trans,
          cell(row.coef),
          cell(row.se),
          cell(row.hr),
          cell(row.lower),
          cell(row.upper),
          cell(row.p),
        ]),
      );
      const test = model.likelihoodRatio;
      tables.model_test = makeTable(
        multistateDefinition.tables.model_test.title,
        [
          { name: 'loglik_null', type: 'number', label: 'log partial likelihood, no covariates' },
          { name: 'loglik', type: 'number', label: 'log partial likelihood' },
          { name: 'statistic', type: 'number', label: 'likelihood ratio' },
          { name: 'df', type: 'integer' },
          { name: 'p', type: 'number' },
          { name: 'iterations', type: 'integer' },
          { name: 'events', type: 'integer' },
        ],
        [
          [
            cell(model.fit.logLikelihoodNull),
            cell(model.fit.logLikelihood),
            cell(test.statistic),
            test.df,
            cell(test.p),
            model.fit.iterations,
            model.fit.eventCount,
          ],
        ],
      );
      mark = lap('cox_ms', mark);

      if (options.profiles.length > 0) {
        ctx.checkCancelled();
        ctx.progress(0.9, 'Profile predictions');
        const predicted: Cell[][] = [];
        const curves: Cell[][] = [];
        const baseline = breslowBaseline(long, model, hazards.times);
        for (const profile of options.profiles) {
          ctx.checkCancelled();
          const row = profileDesignRow(model.design, profile.name, profile.values);
          const profileSteps = profileHazards(baseline, row);
          predicted.push(
            ...occupationCells(
              transitionProbabilities(profileSteps, from, start, times),
              false,
              profile.name,
            ),
          );
          curves.push(
            ...occupationCells(
              transitionProbabilities(profileSteps, from, start, curve),
              false,
              profile.name,
            ),
          );
        }
        const profileColumns: Table['columns'] = [
          { name: 'profile', type: 'string' },
          { name: 'time', type: 'number' },
          { name: 'state', type: 'string' },
          { name: 'prob', type: 'number' },
        ];
        tables.profile_probtrans = makeTable(
          multistateDefinition.tables.profile_probtrans.title,
          profileColumns,
          predicted,
        );
        tables.profile_curve = makeTable(
          multistateDefinition.tables.profile_curve.title,
          profileColumns,
          curves,
        );
        lap('profiles_ms', mark);
      }
    } else if (options.profiles.length > 0) {
      warnings.push('profiles need covariates: choose covariates to predict for customer profiles');
    }

    timings.total_ms = performance.now() - started;
    ctx.progress(1, 'Done');
    return {
      kind: 'multistate',
      version: multistateDefinition.version,
      options,
      tables,
      warnings,
      backend: ctx.backend,
      timings,
    };
  },
};
