// Customer-journey sequence analysis (DESIGN.md section 4 `sequence`, as R's TraMineR): the
// journeys as a wide table (a column per period), their pairwise distances (OM, HAM, LCS),
// Ward's clustering cut at k, and the descriptive tables.
import { z } from 'zod';
import { defineAnalysis } from './define.ts';

const name = z.string().min(1, 'must not be empty');

export const sequenceDistanceOptions = z
  .object({
    method: z.enum(['OM', 'HAM', 'LCS']).default('OM'),
    /** Substitution costs: TRATE (from transition rates) or CONSTANT (`cost`). Not used by LCS. */
    sm: z.enum(['TRATE', 'CONSTANT']).default('TRATE'),
    /** CONSTANT's cost; TraMineR's default is 2 for OM and 1 for HAM. */
    cost: z.number().positive('the substitution cost must be positive').optional(),
    /** OM's insertion/deletion cost. */
    indel: z.number().positive('the indel cost must be positive').default(1),
  })
  .strict();

export const sequenceOptions = z
  .object({
    id: name.optional(),
    columns: z.array(name).min(2, 'choose at least two period columns'),
    /** The states in order (their colours and table order); the distinct states sorted when left out. */
    alphabet: z.array(name).min(1).optional(),
    distance: sequenceDistanceOptions.default(sequenceDistanceOptions.parse({})),
    cluster: z
      .object({
        method: z.literal('ward').default('ward'),
        k: z.number().int().min(2, 'k must be at least 2').max(50, 'at most 50 clusters').default(4),
      })
      .strict()
      .default({ method: 'ward', k: 4 }),
    /** Also write every pairwise distance (n (n - 1) / 2 rows). */
    write_distances: z.boolean().default(false),
  })
  .strict()
  .superRefine((options, issue) => {
    const seen = new Set<string>();
    options.columns.forEach((column, c) => {
      if (seen.has(column))
        issue.addIssue({ code: 'custom', path: ['columns', c], message: `"${column}" is chosen twice` });
      seen.add(column);
      if (column === options.id)
        issue.addIssue({ code: 'custom', path: ['columns', c], message: `"${column}" is the id column` });
    });
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
      help: 'One row per customer, one column per period holding the state (e.g. the channel bought through that month).',
      required: true,
    },
  },
  roles: {
    id: {
      input: 'data',
      kind: 'column',
      types: [],
      label: 'Customer id',
      help: 'Names each customer in the cluster table. Without it rows are numbered from 1.',
    },
    columns: {
      input: 'data',
      kind: 'columns',
      types: [],
      min: 2,
      label: 'Periods',
      help: 'The period columns in time order; each cell is the state of that customer in that period.',
    },
  },
  options: sequenceOptions,
  fields: {
    distance: {
      label: 'Distance',
      help: 'OM (optimal matching: edits with indel and substitution costs), HAM (position by position, no shifts) or LCS (longest common subsequence). TRATE costs make frequent transitions cheap.',
    },
    cluster: { label: 'Clusters', help: "Ward's method (R hclust ward.D2) cut at k clusters." },
    write_distances: {
      label: 'Write all pairwise distances',
      help: 'A table of n (n - 1) / 2 rows: large for many customers.',
    },
  },
  tables: {
    clusters: { title: 'Clusters', help: 'The cluster of every customer.' },
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
    cluster_frequent_sequences: {
      title: 'Frequent sequences per cluster',
      help: "Each cluster's 10 most frequent journeys.",
    },
    distances: { title: 'Distances', help: 'Every pair of customers (only when asked for).' },
  },
  charts: {},
});
