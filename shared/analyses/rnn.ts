// `rnn`: behavioral-sequence segmentation (DESIGN.md section 4): a recurrent network (GRU or
// LSTM) over each customer's interaction rows is trained to predict churn; the dense layer
// after it is the customer's encoding, and the encodings of all customers are clustered
// (DBSCAN or k-means) into segments described by their behaviour.
import { z } from 'zod';
import { defineAnalysis } from './define.ts';

const name = z.string().min(1, 'must not be empty');

export const rnnModelOptions = z
  .object({
    cell: z.enum(['gru', 'lstm']).default('gru'),
    units: z.number().int().min(1, 'at least 1 unit').max(256, 'at most 256 units').default(10),
    dense_units: z.number().int().min(1).max(256).default(10),
    epochs: z.number().int().min(1).max(1000).default(30),
    batch_size: z.number().int().min(1).max(65536).default(128),
    learning_rate: z.number().positive('the learning rate must be positive').max(1).default(0.001),
    validation_split: z
      .number()
      .min(0.01, 'hold out at least 1% of customers for validation')
      .max(0.9, 'hold out at most 90% of customers')
      .default(0.2),
    patience: z.number().int().min(1).max(1000).default(5),
    max_length: z.number().int().min(1).max(100000).default(200),
    seed: z.number().int().default(42),
    class_weight: z.enum(['none', 'balanced']).default('none'),
  })
  .strict();

export const rnnClusterOptions = z
  .object({
    method: z.enum(['dbscan', 'kmeans']).default('dbscan'),
    eps: z.union([z.number().positive('eps must be positive'), z.literal('auto')]).default('auto'),
    min_pts: z.number().int().min(1).max(10000).default(10),
    k: z.number().int().min(2, 'k must be at least 2').max(500).default(5),
  })
  .strict();

export const rnnOptions = z
  .object({
    id: name,
    order: name,
    features: z.array(name).min(1, 'choose at least one feature'),
    target: name,
    model: rnnModelOptions.default(rnnModelOptions.parse({})),
    cluster: rnnClusterOptions.default(rnnClusterOptions.parse({})),
  })
  .strict()
  .superRefine((options, issue) => {
    const seen = new Set<string>();
    options.features.forEach((feature, f) => {
      if (seen.has(feature))
        issue.addIssue({ code: 'custom', path: ['features', f], message: `"${feature}" is chosen twice` });
      seen.add(feature);
      for (const role of ['id', 'order', 'target'] as const) {
        if (options[role] === feature) {
          issue.addIssue({
            code: 'custom',
            path: ['features', f],
            message: `"${feature}" is the ${role} column; it cannot also be a feature`,
          });
        }
      }
    });
  });
export type RnnOptions = z.infer<typeof rnnOptions>;

export const rnnDefinition = defineAnalysis({
  kind: 'rnn',
  version: 1,
  title: 'Behavioral-sequence segmentation',
  summary:
    "A recurrent network learns each customer's interaction sequence by predicting churn; its encodings are clustered into behavioural segments.",
  status: 'ready',
  usesTensorflow: true,
  inputs: {
    events: {
      label: 'Interaction events',
      help: 'One row per interaction: the customer id, an order column (day or time) and numeric features.',
      required: true,
    },
    labels: {
      label: 'Churn labels',
      help: 'One row per customer: the customer id and a 0/1 churn column. Without it the label is a column of the events.',
      required: false,
    },
  },
  roles: {
    id: {
      input: 'events',
      kind: 'column',
      types: [],
      label: 'Customer id',
      help: 'Groups the rows into customers (in the labels table too).',
      alsoInputs: ['labels'],
    },
    order: {
      input: 'events',
      kind: 'column',
      types: ['integer', 'number', 'date'],
      label: 'Order',
      help: "Orders each customer's rows (e.g. the day); the most recent max_length rows are kept.",
    },
    features: {
      input: 'events',
      kind: 'columns',
      types: ['integer', 'number', 'boolean'],
      min: 1,
      label: 'Features',
      help: '0/1 columns are used as they are; every other column is standardised on the training customers.',
    },
    target: {
      input: 'labels',
      fallbackInput: 'events',
      kind: 'column',
      types: ['integer', 'number', 'boolean'],
      label: 'Churned (0/1)',
      help: 'In the labels table when one is chosen, else a column of the events (the same value on every row of a customer).',
    },
  },
  options: rnnOptions,
  fields: {
    model: {
      label: 'Model',
      help: 'Recurrent cell and size, training length and early stopping. The defaults are those of the reference Keras model.',
    },
    cluster: {
      label: 'Segments',
      help: 'DBSCAN finds dense groups (eps "auto" takes the knee of the k-distance curve) with outliers as noise; k-means makes k segments.',
    },
  },
  tables: {
    segment_profiles: {
      title: 'Segment profiles',
      help: 'Per segment: customers, share, churn rate, tenure in days and the mean per customer of each feature total.',
    },
    metrics: {
      title: 'Fit',
      help: 'Training and validation AUC at the restored epoch, the best epoch, eps, silhouette, clusters and noise share.',
    },
    training: {
      title: 'Training',
      help: 'Loss, AUC and accuracy (probability 0.5 as the cut) per epoch, training and validation.',
    },
    segments: { title: 'Segments', help: 'The segment of every customer (0 = noise for DBSCAN).' },
    encodings: {
      title: 'Encodings',
      help: 'The encoding of every customer (the dense layer after the recurrent state).',
    },
    pca: { title: 'PCA projection', help: 'First two principal components of the encodings.' },
    k_distance: {
      title: 'k-distance curve',
      help: 'Distance to the min_pts-th neighbour, sorted: the knee suggests eps.',
    },
    roc: {
      title: 'ROC curve',
      help: 'True and false positive rates of the restored model, training and validation customers.',
    },
    scaling: {
      title: 'Feature scaling',
      help: 'How each feature enters the model: as it is (0/1) or standardised with this mean and sd.',
    },
  },
  charts: {
    training_curves: { title: 'Training', help: 'Loss and AUC per epoch.' },
    segment_sizes: { title: 'Segment sizes', help: '' },
    profile_heatmap: { title: 'Segment profiles (standardised)', help: '' },
    pca_scatter: { title: 'Segments on the first two principal components', help: '' },
    k_distance: { title: 'k-distance curve', help: 'DBSCAN only.' },
    roc_curve: { title: 'ROC curve', help: '' },
  },
  reuse: { cluster: ['training', 'metrics'] },
});
