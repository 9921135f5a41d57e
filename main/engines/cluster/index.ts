// The `cluster` engine (DESIGN.md section 4): k-means, DBSCAN or Ward hierarchical clustering
// of the chosen numeric columns, with segment profiles, fit metrics (clusters, noise share,
// tot_withinss, silhouette), a PCA projection and, for DBSCAN, the k-distance curve.
// References: fixtures cluster/blobs_kmeans (R kmeans) and cluster/blobs_dbscan (R dbscan).
// Segment numbers: k-means by size (largest 1, ties by first row); DBSCAN in R's order of
// discovery, noise 0; hierarchical as R cutree (order of first appearance).
// Above 5000 clustered points the silhouette uses a seeded sample of 5000; above 20,000 rows
// the k-distance curve and eps "auto" use a seeded sample of 20,000 points (each searched
// against all rows); both say so in a warning. Costs: k-means O(restarts iterations n k d),
// DBSCAN dominated by kd-tree searches, Ward O(n^2) time and memory (limited to 20,000 rows).

import type { Engine, EngineContext } from '../engine.ts';
import type { Frame } from '../../../shared/frame.ts';
import type { Result, Table } from '../../../shared/result.ts';
import { InputError } from '../../../shared/errors.ts';
import type { ClusterOptions } from '../../../shared/analyses/cluster.ts';
import { clusterDefinition } from '../../../shared/analyses/cluster.ts';
import type { PointMatrix } from '../common/point-matrix.ts';
import { buildKdTree } from '../common/kd-tree.ts';
import { kthNeighbourSquaredDistances } from '../common/knn-distance.ts';
import { autoEps } from '../common/knee.ts';
import { pcaProjection } from '../common/pca.ts';
import { Rng } from '../common/rng.ts';
import { sampleIndices } from '../common/sample.ts';
import { clusteredSilhouette } from '../common/silhouette.ts';
import type { WorkMonitor } from '../common/work-monitor.ts';
import { subMonitor } from '../common/work-monitor.ts';
import { prepareClusterData } from './prepare.ts';
import { kMeans } from './kmeans.ts';
import { dbscan } from './dbscan.ts';
import { wardLinkage } from './ward.ts';
import { cutTree } from './cutree.ts';
import { numberBySize } from './segment-numbering.ts';
import { totalWithinSumOfSquares } from './fit-statistics.ts';
import { kDistanceTable, metricsTable, pcaTable, segmentProfilesTable, segmentsTable } from './tables.ts';

/** Above this many rows the k-distance curve (and eps "auto") comes from a seeded sample. */
export const kDistanceSampleSize = 20000;

/** The silhouette is computed on at most this many points (a seeded sample beyond). */
export const silhouetteSampleSize = 5000;

const maxKMeansIterations = 100;

export interface Partition {
  /** 0 = noise, 1..clusterCount. */
  segments: Int32Array;
  clusterCount: number;
  /** DBSCAN: 1 for the core points (what new points are assigned by). */
  isCore?: Uint8Array;
  extraMetrics: [string, number][];
  extraTables: Record<string, Table>;
  warnings: string[];
  timings: Record<string, number>;
}

export const clusterEngine: Engine<ClusterOptions> = {
  definition: clusterDefinition,
  run(inputs: Record<string, Frame>, options: ClusterOptions, ctx: EngineContext): Result {
    const started = performance.now();
    const frame = inputs.data;
    if (!frame) throw new InputError('cluster needs a dataset "data" (one row per customer)');
    ctx.progress(0, 'Preparing data');
    const prepared = prepareClusterData(frame, options);
    const { clustered, original } = prepared;
    const prepareMs = performance.now() - started;

    const clusterStarted = performance.now();
    const partition = partitionPoints(clustered, options, frame.name, subMonitor(ctx, 0.02, 0.85));
    const clusterMs = performance.now() - clusterStarted;
    const { segments, clusterCount } = partition;
    const warnings = [...prepared.warnings, ...partition.warnings];

    const silhouetteStarted = performance.now();
    const { silhouette, warning: silhouetteWarning } = clusteredSilhouette(
      clustered,
      segments,
      clusterCount,
      { size: silhouetteSampleSize, seed: options.seed, what: 'points' },
      subMonitor(ctx, 0.85, 0.95),
    );
    if (silhouetteWarning) warnings.push(silhouetteWarning);
    const silhouetteMs = performance.now() - silhouetteStarted;

    const pcaStarted = performance.now();
    ctx.checkCancelled();
    ctx.progress(0.95, 'Principal components');
    const projection = pcaProjection(clustered, 2);
    const pcaMs = performance.now() - pcaStarted;

    const noiseCount = segments.reduce((count, s) => count + (s === 0 ? 1 : 0), 0);
    const metrics: [string, number][] = [
      ['clusters', clusterCount],
      ['noise_share', noiseCount / segments.length],
      ['tot_withinss', totalWithinSumOfSquares(clustered, segments, clusterCount)],
      ['silhouette', silhouette],
      ...partition.extraMetrics,
    ];
    const tables: Record<string, Table> = {
      segment_profiles: segmentProfilesTable(original, options.columns, segments, clusterCount),
      metrics: metricsTable(metrics),
      segments: segmentsTable(prepared.ids, segments),
      pca: pcaTable(prepared.ids, segments, projection.scores),
      ...partition.extraTables,
    };
    ctx.progress(1, 'Done');
    return {
      kind: 'cluster',
      version: 1,
      options,
      tables,
      warnings,
      backend: ctx.backend,
      timings: {
        prepare_ms: prepareMs,
        cluster_ms: clusterMs,
        ...partition.timings,
        silhouette_ms: silhouetteMs,
        pca_ms: pcaMs,
        total_ms: performance.now() - started,
      },
    };
  },
};

export function partitionPoints(
  points: PointMatrix,
  options: ClusterOptions,
  datasetName: string,
  monitor: WorkMonitor,
): Partition {
  const n = points.n;
  const empty = { extraMetrics: [], extraTables: {}, warnings: [] as string[], timings: {} };
  if (options.method === 'kmeans' || options.method === 'hierarchical') {
    if (n < options.k) {
      throw new InputError(
        `data "${datasetName}": ${n} complete rows cannot make k = ${options.k} segments; choose a smaller k`,
        { option: 'k' },
      );
    }
  }
  if (options.method === 'kmeans') {
    const fit = kMeans(points, options.k, options.restarts, options.seed, monitor, maxKMeansIterations);
    const warnings: string[] = [];
    if (!fit.converged) {
      warnings.push(
        `k-means: the best of ${options.restarts} starts did not converge within ${maxKMeansIterations} ` +
          'iterations; its segments are usable but may not be a local optimum',
      );
    }
    return { ...empty, segments: numberBySize(fit.labels, options.k), clusterCount: options.k, warnings };
  }
  if (options.method === 'hierarchical') {
    const tree = wardLinkage(points, monitor);
    return { ...empty, segments: cutTree(tree, options.k), clusterCount: options.k };
  }
  return runDbscan(points, options, datasetName, monitor);
}

/** Above this many DBSCAN segments a warning suggests a larger eps or min_pts. */
const manySegments = 50;

function runDbscan(
  points: PointMatrix,
  options: ClusterOptions,
  datasetName: string,
  monitor: WorkMonitor,
): Partition {
  const { n } = points;
  const minPts = options.min_pts;
  if (n < minPts) {
    throw new InputError(
      `data "${datasetName}": DBSCAN with min_pts = ${minPts} needs at least ${minPts} complete rows, ` +
        `got ${n}; lower min_pts`,
      { option: 'min_pts' },
    );
  }
  const knnStarted = performance.now();
  monitor.progress(0, 'Indexing the points');
  const tree = buildKdTree(points, monitor);
  const warnings: string[] = [];
  // Exact k-distances of every point cost a k-NN search each (about 20 s for 100,000 x 10
  // blobs): beyond kDistanceSampleSize rows the curve comes from an exact search for a
  // seeded sample of points (each against all n), which the table subsamples to anyway.
  const sampled = n > kDistanceSampleSize;
  const queryRows = sampled ? sampleIndices(n, kDistanceSampleSize, new Rng(options.seed)) : null;
  const kthSquared = kthNeighbourSquaredDistances(tree, minPts, queryRows, subMonitor(monitor, 0, 0.5));
  const sortedDistances = kthSquared.map(Math.sqrt).sort();
  if (sampled) {
    warnings.push(
      `k-distance curve${options.eps === 'auto' ? ' and eps "auto"' : ''} computed from a random sample of ` +
        `${kDistanceSampleSize} of the ${n} points (seed ${options.seed}); ` +
        "every point's core status is exact",
    );
  }
  const knnMs = performance.now() - knnStarted;

  let eps: number;
  if (options.eps === 'auto') {
    eps = autoEps(sortedDistances).eps;
    if (!(eps > 0)) {
      throw new InputError(
        `data "${datasetName}": eps "auto" found 0 (most points have ${minPts - 1} exact duplicates); ` +
          'give eps as a number',
        { option: 'eps' },
      );
    }
  } else eps = options.eps;

  const dbscanStarted = performance.now();
  const fit = dbscan(points, tree, eps, minPts, subMonitor(monitor, 0.5, 1));
  if (fit.clusterCount > manySegments) {
    // The knee rule's eps shrinks as points get denser (k-distances fall like n^(-1/d)), so on
    // hundreds of thousands of points it splits the data into many small dense groups.
    warnings.push(
      `DBSCAN found ${fit.clusterCount} segments with eps = ${eps.toPrecision(4)} and min_pts = ${minPts}; for fewer, ` +
        'larger segments give a larger eps (the k-distance plot shows the candidates) or raise min_pts',
    );
  }
  if (fit.clusterCount === 0) {
    warnings.push(
      `DBSCAN found no cluster: no point has ${minPts} points (itself included) within eps = ${eps}; ` +
        'every point is noise. Try a larger eps or a smaller min_pts',
    );
  }
  return {
    segments: fit.labels,
    clusterCount: fit.clusterCount,
    isCore: fit.isCore,
    extraMetrics: [
      ['eps', eps],
      ['min_pts', minPts],
    ],
    extraTables: { k_distance: kDistanceTable(sortedDistances, n) },
    warnings,
    timings: { knn_ms: knnMs, dbscan_ms: performance.now() - dbscanStarted },
  };
}
