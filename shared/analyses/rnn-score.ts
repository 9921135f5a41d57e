// Scoring new customers with a trained behavioral-sequence model (issue 6: "a score new
// customers action that encodes and assigns another events table with the saved model").
// An analysis of its own, so the scores are a Result like any other: saved in the project,
// shown with charts, exported. It names the rnn analysis whose last finished run holds the
// model (`model`: its id or name) and maps that model's columns onto the new table: the
// id, the order and the features in the model's order (taken from the model's options when
// left out; another table may name them differently). Labels are optional: with them the
// Result also has the model's AUC on the new customers; the model's label column is read
// from the events when it is there.
import { z } from 'zod';
import { defineAnalysis } from './define.ts';
import { rnnDefinition } from './rnn.ts';

const name = z.string().min(1, 'must not be empty');

export const rnnScoreOptions = z
  .object({
    model: z.union([
      z.number().int().positive('an analysis id is a positive whole number'),
      z.string().min(1, 'name the behavioral-sequence analysis whose model to use'),
    ]),
    id: name.optional(),
    order: name.optional(),
    features: z.array(name).min(1, 'choose the columns of the model features').optional(),
    target: name.optional(),
  })
  .strict();
export type RnnScoreOptions = z.infer<typeof rnnScoreOptions>;

export const rnnScoreDefinition = defineAnalysis({
  kind: 'rnn_score',
  version: 1,
  title: 'Score new customers',
  summary:
    'Applies a trained behavioral-sequence model to another events table: churn probability, encoding and segment of every customer.',
  status: 'ready',
  usesTensorflow: false,
  inputs: {
    events: {
      label: 'Interaction events',
      help: 'One row per interaction of the customers to score, with the columns the model was trained on.',
      required: true,
    },
    labels: {
      label: 'Churn labels',
      help: "One row per customer with a 0/1 churn column: the Result then has the model's AUC on these customers.",
      required: false,
    },
  },
  // The training analysis's roles (and their type checks), worded for scoring.
  roles: {
    id: rnnDefinition.roles.id!,
    order: {
      ...rnnDefinition.roles.order!,
      help: "Orders each customer's rows; the model reads the most recent rows, as in training.",
    },
    features: {
      ...rnnDefinition.roles.features!,
      label: 'Features (in the model order)',
      help: "The columns that hold the model's features, in the order it was trained with; they are scaled as in training.",
    },
    target: {
      ...rnnDefinition.roles.target!,
      label: 'Churned (0/1)',
      help: "When the new customers' outcome is known: the AUC of the model on them.",
    },
  },
  options: rnnScoreOptions,
  fields: {
    model: {
      label: 'Model',
      help: 'The behavioral-sequence analysis whose last finished run is applied.',
    },
  },
  tables: {
    scores: {
      title: 'Scores',
      help: 'Per customer: churn probability, segment (0 = noise for DBSCAN) and encoding.',
    },
    segment_profiles: {
      title: 'Segment profiles',
      help: 'The new customers per segment of the model: customers, share, churn rate (with labels), tenure and feature totals.',
    },
    metrics: {
      title: 'Scoring',
      help: 'Customers scored, the model run used, AUC on labelled customers, noise share.',
    },
  },
  charts: {
    segment_sizes: { title: 'Segment sizes', help: '' },
    profile_heatmap: { title: 'Segment profiles (standardised)', help: '' },
    score_histogram: {
      title: 'Churn probability',
      help: 'How the scored customers spread over the churn probability.',
    },
  },
  model: { option: 'model', kind: 'rnn', inherit: ['id', 'order', 'features', 'target'] },
});
