// Contract case for `cluster`: small and large inputs, good and bad options.
import type { ContractCase } from '../contract-case.ts';
import { numericFrame } from '../contract-case.ts';

export const clusterCase: ContractCase = {
  small: () => ({
    inputs: { data: numericFrame('points', 60, 3, 7) },
    options: { columns: ['x1', 'x2', 'x3'], method: 'kmeans', k: 3, restarts: 5, seed: 11 },
  }),
  // Ward on 12,000 rows takes several seconds: long enough to cancel and to see progress.
  large: () => ({
    inputs: { data: numericFrame('points', 12000, 4, 3) },
    options: { columns: ['x1', 'x2', 'x3', 'x4'], method: 'hierarchical', k: 4 },
  }),
  badOptions: [
    { options: { columns: ['x1'], method: 'kmeans', k: 1 }, option: 'k' },
    { options: { columns: [], method: 'kmeans' }, option: 'columns' },
    { options: { columns: ['x1'], method: 'spectral' }, option: 'method' },
    { options: { columns: ['x1'], method: 'dbscan', eps: -1 }, option: 'eps' },
    { options: { columns: ['x1'], unknown_option: 3 }, option: '' },
  ],
  seeded: (seed) => ({
    inputs: { data: numericFrame('points', 200, 3, 5) },
    options: { columns: ['x1', 'x2', 'x3'], method: 'kmeans', k: 4, restarts: 3, seed },
  }),
};
