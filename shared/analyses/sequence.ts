// Customer-journey sequence analysis (DESIGN.md section 4 `sequence`, as R's TraMineR): the
// journeys as a wide table (a column per period), their pairwise distances (OM, HAM, LCS),
// Ward's clustering cut at k, and the descriptive tables.
import { z } from 'zod';
import { defineAnalysis } from './define.ts';

const name = z.string().min(1, 'must not be empty');

/** Distances and their TraMineR names; LCS needs no costs (OM with indel 1 and substitution 2). */
export const sequenceDistanceMethods = ['OM', 'HAM', 'DHD', 'LCS'] as const;
/** seqdist's `norm`: "auto" is maxlength for OM, HAM and DHD, gmean for LCS. */
export const sequenceNormalisations = ['none', 'auto', 'maxlength', 'gmean', 'maxdist', 'YujianBo'] as const;

export const sequenceDistanceOptions = z
  .object({
    method: z.enum(sequenceDistanceMethods).default('OM'),
    /**
     * Substitution costs: TRATE (from transition rates; time-varying for DHD, as seqcost) or
     * CONSTANT (`cost`). Not used by LCS; DHD takes TRATE only.
     */
    sm: z.enum(['TRATE', 'CONSTANT']).default('TRATE'),
    /** CONSTANT's cost; TraMineR's default is 2 for OM and 1 for HAM. */
    cost: z.number().positive('the substitution cost must be positive').optional(),
    /** OM's insertion/deletion cost. */
    indel: z.number().positive('the indel cost must be positive').default(1),
    /** seqdist's normalisation of each distance. */
    norm: z.enum(sequenceNormalisations).default('none'),
  })
  .strict()
  .superRefine((distance, issue) => {
    if (distance.method === 'DHD' && distance.sm === 'CONSTANT')
      issue.addIssue({
        code: 'custom',
        path: ['sm'],
        message: 'DHD uses time-varying TRATE costs; with constant costs choose HAM',
      });
  });

/** How an event log becomes periods. */
export const sequencePeriodOptions = z
  .object({
    unit: z.enum(['day', 'week', 'month', 'quarter', 'year']).default('month'),
    /** Units per period (e.g. 3 months). */
    every: z.number().int().min(1, 'every must be at least 1').max(1000).default(1),
    /** The state of a period with several events: the last one, or the most frequent (ties: the later). */
    rule: z.enum(['last', 'most_frequent']).default('last'),
    /** Periods counted from the earliest event in the data (calendar) or from each customer's first event. */
    start: z.enum(['calendar', 'first_event']).default('first_event'),
    /** A period without events: missing, or the state of the period before (the state lasts until it changes). */
    fill: z.enum(['missing', 'previous']).default('missing'),
    /** At most this many periods (later ones are dropped). */
    max_periods: z.number().int().min(2).max(1000).default(120),
  })
  .strict();

export const sequenceOptions = z
  .object({
    id: name.optional(),
    /** wide: a column per period; long: one row per customer and period; events: timestamped states. */
    format: z.enum(['wide', 'long', 'events']).default('wide'),
    /** wide: the period columns in time order. */
    columns: z.array(name).min(2, 'choose at least two period columns').optional(),
    /** long: the period column (numbers, or text sorted by code units); events: the timestamp column. */
    time: name.optional(),
    /** long and events: the state column. */
    state: name.optional(),
    /** events: period length and rule. */
    period: sequencePeriodOptions.optional(),
    /**
     * Missing states before or inside a journey (TraMineR's seqdef: left and gaps NA) become
     * the state "*" when true (seqdist's with.missing); when false they are refused. Missing
     * periods at the end shorten the journey (seqdef's right = "DEL"), either way.
     */
    with_missing: z.boolean().default(false),
    /** The states in order (their colours and table order); the distinct states sorted when left out. */
    alphabet: z.array(name).min(1).optional(),
    /** A colour per state ("#rrggbb"), used by every chart; a palette colour for the others. */
    colors: z
      .record(z.string(), z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb'))
      .optional(),
    distance: sequenceDistanceOptions.default(sequenceDistanceOptions.parse({})),
    cluster: z
      .object({
        method: z.literal('ward').default('ward'),
        k: z.number().int().min(2, 'k must be at least 2').max(50, 'at most 50 clusters').default(4),
        /** The quality table covers k = 2 .. k_max. */
        k_max: z.number().int().min(2).max(50).default(10),
      })
      .strict()
      .default({ method: 'ward', k: 4, k_max: 10 }),
    /** Also write every pairwise distance (n (n - 1) / 2 rows). */
    write_distances: z.boolean().default(false),
  })
  .strict()
  .superRefine((options, issue) => {
    const need = (key: 'columns' | 'time' | 'state', what: string): void => {
      if (options[key] === undefined)
        issue.addIssue({ code: 'custom', path: [key], message: `${what} (format "${options.format}")` });
    };
    if (options.format === 'wide') need('columns', 'choose the period columns');
    else {
      need('time', options.format === 'events' ? 'choose the timestamp column' : 'choose the period column');
      need('state', 'choose the state column');
      if (options.format === 'long' && options.period !== undefined)
        issue.addIssue({
          code: 'custom',
          path: ['period'],
          message: 'periods are set for an event log only',
        });
    }
    const seen = new Set<string>();
    (options.format === 'wide' ? (options.columns ?? []) : []).forEach((column, c) => {
      if (seen.has(column))
        issue.addIssue({ code: 'custom', path: ['columns', c], message: `"${column}" is chosen twice` });
      seen.add(column);
      if (column === options.id)
        issue.addIssue({ code: 'custom', path: ['columns', c], message: `"${column}" is the id column` });
    });
    if (options.format !== 'wide' && options.id === undefined)
      issue.addIssue({ code: 'custom', path: ['id'], message: 'choose the customer id column' });
    if (options.format !== 'wide' && options.time !== undefined && options.time === options.state)
      issue.addIssue({ code: 'custom', path: ['state'], message: 'the state column is the time column' });
    if (options.alphabet) {
      const states = new Set(options.alphabet);
      if (states.size !== options.alphabet.length)
        issue.addIssue({ code: 'custom', path: ['alphabet'], message: 'a state is listed twice' });
      if (states.has('*'))
        issue.addIssue({ code: 'custom', path: ['alphabet'], message: '"*" is the missing state' });
    }
  });
export type SequenceOptions = z.infer<typeof sequenceOptions>;

export const sequenceDefinition = defineAnalysis({
  kind: 'sequence',
  version: 1,
  title: 'Customer-journey sequences',
  summary: 'Optimal-matching distances, journey clusters and the plots of TraMineR.',
  status: 'ready',
  usesTensorflow: false,
  inputs: {
    data: {
      label: 'Journeys',
      help: 'Wide: one row per customer, one column per period holding the state (e.g. the channel bought through that month). Long: one row per customer and period. Event log: one row per event with a timestamp.',
      required: true,
    },
  },
  roles: {
    id: {
      input: 'data',
      kind: 'column',
      types: [],
      label: 'Customer id',
      help: 'Names each customer in the cluster table. Without it (wide data only) rows are numbered from 1.',
    },
    columns: {
      input: 'data',
      kind: 'columns',
      types: [],
      label: 'Periods',
      help: 'Wide data: the period columns in time order; each cell is the state of that customer in that period.',
    },
    time: {
      input: 'data',
      kind: 'column',
      types: [],
      label: 'Period or timestamp',
      help: 'Long data: the period of each row (numbers, or labels that sort in time order). Event log: when the event happened (a date or a day number).',
    },
    state: {
      input: 'data',
      kind: 'column',
      types: [],
      label: 'State',
      help: 'The state of the customer in that period, or the state the event puts the customer in.',
    },
  },
  options: sequenceOptions,
  fields: {
    distance: {
      label: 'Distance',
      help: 'OM (optimal matching: edits with indel and substitution costs), HAM (position by position, no shifts) or LCS (longest common subsequence). TRATE costs make frequent transitions cheap.',
    },
    cluster: {
      label: 'Clusters',
      help: "Ward's method (R hclust ward.D2) cut at k clusters; the quality table scores k = 2 .. k_max.",
    },
    format: {
      label: 'Data shape',
      help: 'Wide (a column per period), long (a row per period) or an event log.',
    },
    period: {
      label: 'Periods',
      help: 'How an event log becomes periods: their length, which state a period takes, where counting starts.',
      when: { option: 'format', is: ['events'] },
    },
    with_missing: {
      label: 'Keep missing periods as a state',
      help: 'Missing periods before or inside a journey become the state "*" (TraMineR with.missing). Missing periods at the end shorten the journey either way.',
    },
    alphabet: {
      label: 'States',
      help: 'The states in the order the tables and legends list them (sorted by name when left out).',
    },
    colors: { label: 'State colours', help: 'One colour per state, used by every chart.' },
    write_distances: {
      label: 'Write all pairwise distances',
      help: 'A table of n (n - 1) / 2 rows: large for many customers.',
    },
  },
  tables: {
    cluster_quality: {
      title: 'Cluster quality',
      help: 'For each number of clusters k: the average silhouette width (ASW, higher is better separated) and the share of the discrepancy explained (R²).',
    },
    clusters: {
      title: 'Clusters',
      help: 'The cluster of every customer and the journey, written as state/periods spells.',
    },
    cluster_sizes: { title: 'Cluster sizes', help: 'Customers per cluster and their share.' },
    frequent_sequences: {
      title: 'Frequent sequences',
      help: 'The 10 most frequent journeys, written as state/periods spells.',
    },
    state_distribution: {
      title: 'State distribution',
      help: 'Share of customers in each state, per period.',
    },
    entropy: { title: 'Entropy', help: 'Shannon entropy of the state distribution per period, 0 to 1.' },
    mean_time: {
      title: 'Mean time in state',
      help: 'Mean number of periods a customer spends in each state.',
    },
    substitution_costs: {
      title: 'Substitution costs',
      help: 'The cost of replacing one state by another in the distance.',
    },
    transition_rates: {
      title: 'Transition rates',
      help: 'The share of customers in a state one period who are in each state the next (all periods pooled).',
    },
    cluster_state_distribution: {
      title: 'State distribution per cluster',
      help: "Share of each cluster's customers in each state, per period.",
    },
    cluster_entropy: {
      title: 'Entropy per cluster',
      help: "Entropy of each cluster's state distribution per period.",
    },
    cluster_mean_time: {
      title: 'Mean time in state per cluster',
      help: "Mean periods in each state, each cluster's customers.",
    },
    cluster_transition_rates: {
      title: 'Transition rates per cluster',
      help: "Each cluster's transition rates (all periods pooled).",
    },
    cluster_frequent_sequences: {
      title: 'Frequent sequences per cluster',
      help: "Each cluster's 10 most frequent journeys.",
    },
    dendrogram: {
      title: 'Dendrogram',
      help: 'The Ward merges as R hclust gives them: a negative member is a customer (its row), a positive one an earlier merge.',
    },
    distances: { title: 'Distances', help: 'Every pair of customers (only when asked for).' },
  },
  charts: {
    index_plot: {
      title: 'Sequence index plot',
      help: 'One thin bar per customer, coloured by state period by period; sorted by cluster, then by the journey.',
    },
    state_distribution_plot: {
      title: 'State distribution',
      help: 'Share of customers in each state, per period, for each cluster.',
    },
    entropy_plot: {
      title: 'Entropy',
      help: 'How mixed the states are in each period: 0 all alike, 1 evenly spread.',
    },
    mean_time_plot: { title: 'Mean time in state', help: 'Mean periods spent in each state, per cluster.' },
    frequent_sequences_plot: {
      title: 'Frequent sequences',
      help: 'The most frequent journeys, each bar as wide as its share of customers.',
    },
    cost_heatmap: {
      title: 'Substitution costs',
      help: 'What replacing one state by another costs in the distance.',
    },
    quality_plot: { title: 'Cluster quality', help: 'ASW and R² for each number of clusters.' },
    dendrogram_plot: { title: 'Dendrogram', help: "The top of Ward's tree, cut at k." },
    cluster_sizes_plot: { title: 'Cluster sizes', help: 'Customers per cluster.' },
  },
  reuse: { colors: [] },
});
