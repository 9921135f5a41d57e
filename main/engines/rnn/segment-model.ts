// What a trained rnn run keeps to place new customers in its segments ("score new customers"):
//   - DBSCAN: the encodings of the core points and their segments; a new customer joins the
//     segment of its nearest core point when that is within eps, else it is noise (0). This is
//     R dbscan's predict(): a new point cannot become core itself, so the segments stay those
//     of the trained run, and a training customer scored again gets its own segment back
//     unless it was a border point claimed by a lower-numbered cluster (R's rule, dbscan.ts).
//   - k-means: the segment centres (the means of their members); a new customer joins the
//     nearest centre, as the last Lloyd step would place it.
// Stored in the project as two artifacts (row-major Float64 points, Int32 segments) beside the
// weights; the radius and counts go into the `model` artifact's JSON.
// Cost: O(m D) to build; assigning n customers is one nearest-neighbour query each on a kd-tree
// of the m reference points (O(log m) in low dimension, more in 10 dimensions), pruned at eps
// for DBSCAN.
import { InputError } from '../../../shared/errors.ts';
import { buildKdTree, NearestSearch } from '../common/kd-tree.ts';
import { pointMatrix } from '../common/point-matrix.ts';
import type { WorkMonitor } from '../common/work-monitor.ts';

export interface SegmentModel {
  method: 'dbscan' | 'kmeans';
  /** A new customer farther than this from every reference point is noise (Infinity for k-means). */
  radius: number;
  dimension: number;
  clusterCount: number;
  /** Row-major m x dimension reference points: core points or centres. */
  points: Float64Array<ArrayBuffer>;
  /** The segment (1..clusterCount) of every reference point. */
  segments: Int32Array;
}

/** The JSON part stored in the `model` artifact (points and segments are binary artifacts). */
export interface SegmentModelHeader {
  method: 'dbscan' | 'kmeans';
  /** null for k-means (no radius); JSON has no Infinity. */
  radius: number | null;
  dimension: number;
  clusterCount: number;
  referenceCount: number;
}

/** DBSCAN: the core points (isCore) of the trained run with their segments. */
export function dbscanSegmentModel(
  encodings: Float64Array,
  dimension: number,
  segments: Int32Array,
  clusterCount: number,
  isCore: Uint8Array,
  eps: number,
): SegmentModel {
  let count = 0;
  for (let i = 0; i < isCore.length; i++) if (isCore[i] === 1) count++;
  const points = new Float64Array(count * dimension);
  const coreSegments = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < isCore.length; i++) {
    if (isCore[i] !== 1) continue;
    points.set(encodings.subarray(i * dimension, (i + 1) * dimension), k * dimension);
    coreSegments[k++] = segments[i];
  }
  return { method: 'dbscan', radius: eps, dimension, clusterCount, points, segments: coreSegments };
}

/** k-means: the centre (mean encoding) of every segment 1..clusterCount. */
export function kmeansSegmentModel(
  encodings: Float64Array,
  dimension: number,
  segments: Int32Array,
  clusterCount: number,
): SegmentModel {
  const points = new Float64Array(clusterCount * dimension);
  const sizes = new Float64Array(clusterCount);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] - 1;
    if (s < 0) continue;
    sizes[s]++;
    for (let j = 0; j < dimension; j++) points[s * dimension + j] += encodings[i * dimension + j];
  }
  for (let s = 0; s < clusterCount; s++) {
    for (let j = 0; j < dimension; j++) points[s * dimension + j] /= sizes[s];
  }
  const centreSegments = Int32Array.from({ length: clusterCount }, (_, s) => s + 1);
  return { method: 'kmeans', radius: Infinity, dimension, clusterCount, points, segments: centreSegments };
}

export function segmentModelArtifacts(model: SegmentModel): {
  header: SegmentModelHeader;
  points: Uint8Array;
  segments: Uint8Array;
} {
  return {
    header: {
      method: model.method,
      radius: Number.isFinite(model.radius) ? model.radius : null,
      dimension: model.dimension,
      clusterCount: model.clusterCount,
      referenceCount: model.segments.length,
    },
    points: new Uint8Array(model.points.buffer.slice(0)),
    segments: new Uint8Array(model.segments.buffer.slice(0)),
  };
}

/** Back from the artifacts; refuses what does not fit together (a damaged or foreign model). */
export function segmentModelFromArtifacts(
  header: SegmentModelHeader,
  points: Uint8Array | undefined,
  segments: Uint8Array | undefined,
): SegmentModel {
  const m = header.referenceCount;
  if (
    !points ||
    !segments ||
    points.byteLength !== m * header.dimension * 8 ||
    segments.byteLength !== m * 4
  ) {
    throw new InputError("the trained model's segment points are missing or damaged; run the model again");
  }
  const pointCopy = new Uint8Array(points);
  const segmentCopy = new Uint8Array(segments);
  return {
    method: header.method,
    radius: header.radius ?? Infinity,
    dimension: header.dimension,
    clusterCount: header.clusterCount,
    points: new Float64Array(pointCopy.buffer),
    segments: new Int32Array(segmentCopy.buffer),
  };
}

/** The segment (0 = noise) of each of n encodings (row-major n x dimension). */
export function assignSegments(
  model: SegmentModel,
  encodings: Float64Array,
  n: number,
  monitor: WorkMonitor,
): Int32Array {
  const out = new Int32Array(n);
  const m = model.segments.length;
  if (m === 0) return out; // no core point: everyone is noise, as in the trained run
  const tree = buildKdTree(pointMatrix(m, model.dimension, model.points), monitor);
  const search = new NearestSearch(tree, 1);
  const radiusSquared = model.radius * model.radius;
  for (let i = 0; i < n; i++) {
    if ((i & 4095) === 0) {
      monitor.checkCancelled();
      monitor.progress(i / n, 'Assigning segments');
    }
    // Only core points within eps can take a customer: the search prunes beyond it.
    const found = search.run(encodings, i * model.dimension, radiusSquared);
    if (found > 0 && search.distances[0] <= radiusSquared) {
      out[i] = model.segments[tree.rowOf[search.positions[0]]];
    }
  }
  return out;
}
