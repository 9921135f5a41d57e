// `multistate`: the multi-state churn model of DESIGN.md section 4, as R mstate + survival:
// states and allowed transitions, wide-format time/status columns per state (msprep), a
// Cox model stratified by transition with transition-specific covariates (expand.covs),
// Nelson-Aalen cumulative hazards, Aalen-Johansen state-occupation probabilities and
// predictions for named customer profiles.
// The option checks here need no data (names, the transition structure, the prediction
// set-up); those that do (status 0/1, time order, levels, events per transition) are the
// engine's, run by the wizard through analyses.validate before anything runs.
import { z } from 'zod';
import { defineAnalysis } from './define.ts';

const name = z.string().min(1, 'must not be empty');

const profileSchema = z
  .object({
    name,
    values: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .strict();

export const multistateOptions = z
  .object({
    id: name.optional(),
    states: z.array(name).min(2, 'name at least two states'),
    transitions: z.array(z.tuple([name, name])).min(1, 'allow at least one transition'),
    time: z.record(z.string(), name),
    status: z.record(z.string(), name),
    covariates: z.array(name).default([]),
    levels: z.record(z.string(), z.array(z.string()).min(2, 'give at least two levels')).default({}),
    ties: z.enum(['breslow', 'efron']).default('breslow'),
    predict: z
      .object({
        from: name.optional(),
        start: z.number().min(0, 'the start time cannot be negative').default(0),
        times: z
          .array(z.number().min(0, 'prediction times cannot be negative'))
          .min(1, 'give at least one prediction time')
          .max(10000, 'at most 10,000 prediction times'),
      })
      .strict(),
    profiles: z.array(profileSchema).max(20, 'at most 20 profiles').default([]),
  })
  .strict()
  .superRefine((options, issue) => {
    const report = (path: (string | number)[], message: string) =>
      issue.addIssue({ code: 'custom', path, message });
    const known = new Set<string>();
    options.states.forEach((state, s) => {
      if (known.has(state)) report(['states', s], `state "${state}" is named twice`);
      known.add(state);
    });
    const startState = options.states[0];
    const seen = new Set<string>();
    options.transitions.forEach(([from, to], k) => {
      const where = ['transitions', k];
      if (!known.has(from)) report(where, `transition ${k + 1}: "${from}" is not one of the states`);
      if (!known.has(to)) report(where, `transition ${k + 1}: "${to}" is not one of the states`);
      if (from === to) report(where, `transition ${k + 1}: a state cannot move to itself ("${from}")`);
      if (to === startState) {
        report(
          where,
          `transition ${k + 1} (${from} -> ${to}) goes into the start state; everyone starts in "${startState}" at time 0, so no transition may enter it`,
        );
      }
      const key = `${from}\u0000${to}`;
      if (seen.has(key)) report(where, `transition ${k + 1} (${from} -> ${to}) is listed twice`);
      seen.add(key);
    });
    for (const state of options.states.slice(1)) {
      if (!options.transitions.some(([, to]) => to === state)) continue;
      if (!options.time[state]) report(['time', state], `state "${state}" has no time column`);
      if (!options.status[state]) report(['status', state], `state "${state}" has no status column`);
    }
    for (const map of ['time', 'status'] as const) {
      for (const state of Object.keys(options[map])) {
        if (!known.has(state)) report([map, state], `"${state}" is not one of the states`);
      }
    }
    const covariates = new Set<string>();
    options.covariates.forEach((column, c) => {
      if (covariates.has(column)) report(['covariates', c], `covariate "${column}" is chosen twice`);
      covariates.add(column);
    });
    for (const column of Object.keys(options.levels)) {
      if (!covariates.has(column))
        report(['levels', column], `levels are given for "${column}", which is not a covariate`);
      const levels = options.levels[column] ?? [];
      if (new Set(levels).size !== levels.length)
        report(['levels', column], `a level of "${column}" is listed twice`);
    }
    if (options.predict.from !== undefined && !known.has(options.predict.from)) {
      report(['predict', 'from'], `"${options.predict.from}" is not one of the states`);
    }
    const profileNames = new Set<string>();
    options.profiles.forEach((profile, p) => {
      if (profileNames.has(profile.name))
        report(['profiles', p, 'name'], `profile "${profile.name}" is named twice`);
      profileNames.add(profile.name);
      for (const column of options.covariates) {
        if (profile.values[column] === undefined) {
          report(
            ['profiles', p, 'values', column],
            `profile "${profile.name}" has no value for covariate "${column}"`,
          );
        }
      }
      for (const column of Object.keys(profile.values)) {
        if (!covariates.has(column)) {
          report(
            ['profiles', p, 'values', column],
            `profile "${profile.name}": "${column}" is not a covariate`,
          );
        }
        const levels = options.levels[column];
        const value = profile.values[column];
        if (levels && !levels.includes(String(value))) {
          report(
            ['profiles', p, 'values', column],
            `profile "${profile.name}": "${String(value)}" is not a level of ${column} (${levels.join(', ')})`,
          );
        }
      }
    });
  });
export type MultistateOptions = z.infer<typeof multistateOptions>;

export const multistateDefinition = defineAnalysis({
  kind: 'multistate',
  version: 1,
  title: 'Multi-state churn model',
  summary:
    'How customers move between subscription states: transition counts, cumulative hazards, state-occupation probabilities and covariate effects, as R mstate.',
  status: 'ready',
  usesTensorflow: false,
  inputs: {
    data: {
      label: 'Customer table (wide)',
      help: 'One row per customer: for each state after the first, the day it was entered (or the last day seen) and a 0/1 status; plus covariates.',
      required: true,
    },
  },
  roles: {
    id: {
      input: 'data',
      kind: 'column',
      types: [],
      label: 'Customer id',
      help: 'Names each customer in messages. Without it customers are numbered by row.',
    },
    time: {
      input: 'data',
      kind: 'columnMap',
      types: ['integer', 'number'],
      label: 'Time column per state',
      help: 'For each state after the first: the time (e.g. days since sign-up) the customer entered it, or the last time seen when not entered.',
    },
    status: {
      input: 'data',
      kind: 'columnMap',
      types: ['integer', 'number', 'boolean'],
      label: 'Status column per state',
      help: 'For each state after the first: 1 if the customer entered it at that time, 0 if not (censored).',
    },
    covariates: {
      input: 'data',
      kind: 'columns',
      types: [],
      min: 0,
      label: 'Covariates',
      help: 'Customer characteristics whose effect on every transition is estimated. Text columns become indicators against a reference level.',
    },
  },
  options: multistateOptions,
  fields: {
    states: {
      label: 'States',
      help: 'In order; everyone starts in the first at time 0.',
    },
    transitions: {
      label: 'Allowed transitions',
      help: 'Which state can be reached directly from which. Numbered 1, 2, ... in this order in every table.',
    },
    levels: {
      label: 'Reference levels',
      help: 'For text covariates: the levels in order, the first being the reference every hazard ratio compares with. Without it: sorted order.',
    },
    ties: {
      label: 'Tied event times',
      help: 'Breslow (R mstate examples, the default) or Efron (R coxph default) handling of customers with events on the same day in the covariate model.',
    },
    predict: {
      label: 'Prediction',
      help: 'Probabilities of being in each state at these times, for a customer in the chosen state at the start time.',
    },
    profiles: {
      label: 'Customer profiles',
      help: 'Named combinations of covariate values whose state probabilities are predicted and compared.',
    },
  },
  tables: {
    transitions: {
      title: 'Transitions',
      help: 'Every allowed transition by number, with the customers making it and their share of those who entered the state it leaves.',
    },
    frequencies: {
      title: 'Transition frequencies',
      help: 'Customers making each transition, staying (no event) and entering each state (mstate events).',
    },
    cumhaz: {
      title: 'Cumulative hazards',
      help: 'Nelson-Aalen cumulative hazard of every transition at every event time, with its Greenwood variance.',
    },
    probtrans: {
      title: 'State-occupation probabilities',
      help: 'Probability of being in each state at each prediction time, from the prediction start state, with standard errors (Aalen-Johansen).',
    },
    occupation_curve: {
      title: 'State occupation over time',
      help: 'The probabilities above on an even grid of 101 times from the start to the last event, for the charts.',
    },
    transition_matrix: {
      title: 'Transition probability matrix',
      help: 'P(s, t): the probability of being in each state at time t for a customer in each state at the start time s.',
    },
    coefficients: {
      title: 'Covariate effects',
      help: 'Log hazard ratio of every covariate on every transition, with standard error, hazard ratio, 95% interval and Wald p-value.',
    },
    model_test: {
      title: 'Model test',
      help: 'Likelihood-ratio test of the covariate model against the model without covariates.',
    },
    profile_probtrans: {
      title: 'Profile predictions',
      help: 'State-occupation probabilities for every customer profile from the covariate model.',
    },
    profile_curve: {
      title: 'Profile predictions over time',
      help: 'The profile probabilities on the even grid of the occupation curve, for the charts.',
    },
  },
  charts: {
    transition_diagram: {
      title: 'States and transitions',
      help: 'Arrows carry the number of customers making the transition.',
    },
    cumulative_hazards: { title: 'Cumulative hazards', help: 'Per transition, with 95% bands.' },
    stacked_probabilities: {
      title: 'State occupation (stacked)',
      help: 'The distance between two adjacent curves is the probability of being in that state.',
    },
    probability_lines: { title: 'State occupation', help: 'One line per state.' },
    probability_matrix: {
      title: 'Transition probability matrix',
      help: 'P(s, t) at each prediction time: from every state at the start time to every state at t.',
    },
    hazard_ratios: { title: 'Hazard ratios', help: 'Per covariate and transition, 95% interval, log scale.' },
    profile_comparison: { title: 'Profiles side by side', help: 'State occupation for each profile.' },
    profile_difference: {
      title: 'Profile difference',
      help: 'First profile minus second, per state, over time.',
    },
  },
});
