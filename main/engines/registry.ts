// The registry of engines: one line per analysis that can run.
import type { Engine } from './engine.ts';
import { clusterEngine } from './cluster/index.ts';
import { multistateEngine } from './multistate/index.ts';
import { rnnEngine } from './rnn/index.ts';
import { rnnScoreEngine } from './rnn-score/index.ts';
import { sequenceEngine } from './sequence/index.ts';

export const engines: Record<string, Engine> = {
  cluster: clusterEngine as Engine,
  multistate: multistateEngine as Engine,
  rnn: rnnEngine as Engine,
  rnn_score: rnnScoreEngine as Engine,
  sequence: sequenceEngine as Engine,
};

export function findEngine(kind: string): Engine | undefined {
  return Object.hasOwn(engines, kind) ? engines[kind] : undefined;
}
