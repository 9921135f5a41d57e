// `cluster`: segmentation of any numeric table (DESIGN.md section 4) by k-means,
// DBSCAN or Ward hierarchical clustering.
import { z } from 'zod';
import { defineAnalysis } from './define.ts';

export const clusterOptions = z
  .object({
    id: z.string().min(1).optional(),
    columns: z.array(z.string().min(1)).min(1, 'choose at least one numeric column'),
    standardize: z.boolean().default(false),
    method: z.enum(['kmeans', 'dbscan', 'hierarchical']).default('kmeans'),
    k: z.number().int().min(2, 'k must be at least 2').max(500).default(5),
    restarts: z.number().int().min(1).max(1000).default(25),
    seed: z.number().int().default(1),
    eps: z.union([z.number().positive('eps must be positive'), z.literal('auto')]).default('auto'),
    min_pts: z.number().int().min(1).max(10000).default(10),
  })
  .strict();
export type ClusterOptions = z.infer<typeof clusterOptions>;

export const clusterDefinition = defineAnalysis({
  kind: 'cluster',
  version: 1,
  title: 'Segment customers',
  summary: 'Group customers by numeric measures with k-means, DBSCAN or Ward hierarchical clustering.',
  status: 'ready',
  usesTensorflow: false,
  inputs: {
    data: {
      label: 'Customer table',
      help: 'One row per customer, numeric measures as columns.',
      required: true,
    },
  },
  roles: {
    id: {
      input: 'data',
      kind: 'column',
      types: [],
      label: 'Customer id',
      help: 'Names each row in the segment table. Without it rows are numbered from 1.',
    },
    columns: {
      input: 'data',
      kind: 'columns',
      types: ['integer', 'number', 'boolean'],
      min: 1,
      label: 'Measures',
      help: 'Numeric columns to cluster on. Rows with a missing value in any of them are left out.',
    },
  },
  options: clusterOptions,
  fields: {
    standardize: {
      label: 'Standardize columns',
      help: 'Z-score every column first (sample sd, as R scale) so that columns in large units do not dominate.',
    },
    method: {
      label: 'Method',
      help: 'k-means: k compact segments. DBSCAN: dense groups of any shape, with outliers as noise (segment 0). Hierarchical: Ward linkage cut into k segments.',
    },
    k: {
      label: 'Segments (k)',
      help: 'Number of segments. Try a few values and compare total within-segment variation and silhouette.',
      when: { option: 'method', is: ['kmeans', 'hierarchical'] },
    },
    restarts: {
      label: 'Restarts',
      help: 'k-means runs from this many k-means++ starts and keeps the tightest (R kmeans nstart).',
      when: { option: 'method', is: ['kmeans'] },
    },
    seed: {
      label: 'Random seed',
      help: 'The same seed gives the same segments.',
      when: { option: 'method', is: ['kmeans'] },
    },
    eps: {
      label: 'Neighbourhood radius (eps)',
      help: 'Points within this distance are neighbours. "auto" takes the knee of the k-distance curve, shown in the results.',
      when: { option: 'method', is: ['dbscan'] },
    },
    min_pts: {
      label: 'Minimum points',
      help: 'A point is a core point when at least this many points, itself included, lie within eps.',
      when: { option: 'method', is: ['dbscan'] },
    },
  },
  tables: {
    segment_profiles: {
      title: 'Segment profiles',
      help: 'Size, share and the mean of every measure per segment.',
    },
    metrics: {
      title: 'Fit',
      help: 'Number of segments, noise share, total within-segment sum of squares, silhouette.',
    },
    segments: { title: 'Segments', help: 'The segment of every customer (0 = noise for DBSCAN).' },
    pca: { title: 'PCA projection', help: 'First two principal components of the (standardized) measures.' },
    k_distance: {
      title: 'k-distance curve',
      help: 'Distance to the min_pts-th neighbour, sorted: the knee suggests eps.',
    },
  },
  charts: {
    pca_scatter: { title: 'Segments on the first two principal components', help: '' },
    segment_sizes: { title: 'Segment sizes', help: '' },
    profile_heatmap: { title: 'Segment profiles (standardized means)', help: '' },
    k_distance: { title: 'k-distance curve', help: 'DBSCAN only.' },
  },
});
