// Placing new customers in a trained run's segments: DBSCAN's nearest core point within eps
// (else noise), k-means' nearest centre; the artifacts round-trip and a damaged one is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignSegments,
  dbscanSegmentModel,
  kmeansSegmentModel,
  segmentModelArtifacts,
  segmentModelFromArtifacts,
} from '../../../../main/engines/rnn/segment-model.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';
import { InputError } from '../../../../shared/errors.ts';

// Six trained customers in 2-D: two groups and one outlier (noise).
const trained = Float64Array.from([0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 50, 50]);
const segments = Int32Array.from([1, 1, 1, 2, 2, 0]);

test('DBSCAN: the segment of the nearest core customer within eps, else noise', () => {
  const isCore = Uint8Array.from([1, 1, 0, 1, 1, 0]); // customer 3 of group 1 is a border point
  const model = dbscanSegmentModel(trained, 2, segments, 2, isCore, 1.5);
  assert.equal(model.segments.length, 4);
  const fresh = Float64Array.from([0.2, 0.3, 10.4, 10.6, 5, 5, 1.4, 0, 2.2, 0]);
  // (1.4, 0) is 1.4 from core (0, 0): in; (2.2, 0) is 2.2 from every core: noise, though the
  // border customer (1, 0) is 1.2 away (border points take nobody, as R's predict).
  assert.deepEqual([...assignSegments(model, fresh, 5, silentMonitor)], [1, 2, 0, 1, 0]);
});

test('k-means: the nearest centre, however far', () => {
  const model = kmeansSegmentModel(trained.subarray(0, 10), 2, segments.subarray(0, 5), 2);
  assert.deepEqual([...model.points], [1 / 3, 1 / 3, 10, 10.5]);
  const fresh = Float64Array.from([100, 100, -5, -5, 6, 6]);
  assert.deepEqual([...assignSegments(model, fresh, 3, silentMonitor)], [2, 1, 2]);
});

test('the artifacts round-trip; missing or cut ones are refused', () => {
  const model = dbscanSegmentModel(trained, 2, segments, 2, Uint8Array.from([1, 1, 1, 1, 1, 0]), 1.5);
  const { header, points, segments: labels } = segmentModelArtifacts(model);
  assert.deepEqual(JSON.parse(JSON.stringify(header)), header);
  const back = segmentModelFromArtifacts(header, points, labels);
  assert.deepEqual(back, model);
  const kmeans = segmentModelArtifacts(kmeansSegmentModel(trained, 2, segments, 2));
  assert.equal(kmeans.header.radius, null);
  assert.equal(segmentModelFromArtifacts(kmeans.header, kmeans.points, kmeans.segments).radius, Infinity);
  assert.throws(() => segmentModelFromArtifacts(header, points.subarray(8), labels), InputError);
  assert.throws(() => segmentModelFromArtifacts(header, undefined, labels), InputError);
});
