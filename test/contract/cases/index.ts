// One contract case per engine kind; the contract test fails for an engine without one.
import type { ContractCase } from '../contract-case.ts';
import { clusterCase } from './cluster.ts';
import { multistateCase } from './multistate.ts';
import { rnnCase } from './rnn.ts';
import { rnnScoreCase } from './rnn-score.ts';
import { sequenceCase } from './sequence.ts';

export const contractCases: Record<string, ContractCase> = {
  cluster: clusterCase,
  multistate: multistateCase,
  rnn: rnnCase,
  rnn_score: rnnScoreCase,
  sequence: sequenceCase,
};
