import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageSilhouette, silhouetteWidths } from '../../../../main/engines/common/silhouette.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';

test('silhouette of 0, 1 | 5, 6 worked by hand', () => {
  // Point 0: a = 1, b = (5 + 6) / 2 = 5.5 -> 4.5 / 5.5 = 9/11; point 1: a = 1, b = 4.5 -> 7/9.
  const points = { n: 4, d: 1, values: Float64Array.from([0, 1, 5, 6]) };
  const labels = Int32Array.from([1, 1, 2, 2]);
  const rows = Int32Array.from([0, 1, 2, 3]);
  const widths = silhouetteWidths(points, labels, rows, silentMonitor)!;
  const expected = [9 / 11, 7 / 9, 7 / 9, 9 / 11];
  widths.forEach((w, i) => assert.ok(Math.abs(w - expected[i]) < 1e-15));
  assert.ok(Math.abs(averageSilhouette(points, labels, rows, silentMonitor) - 158 / 198) < 1e-15);
});

test('a singleton cluster scores 0, one cluster is undefined (NaN)', () => {
  const points = { n: 3, d: 1, values: Float64Array.from([0, 1, 10]) };
  const rows = Int32Array.from([0, 1, 2]);
  const widths = silhouetteWidths(points, Int32Array.from([1, 1, 2]), rows, silentMonitor)!;
  assert.equal(widths[2], 0);
  assert.ok(Number.isNaN(averageSilhouette(points, Int32Array.from([3, 3, 3]), rows, silentMonitor)));
});
