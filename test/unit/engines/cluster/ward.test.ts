// Ward (ward.D2) heights worked by hand from the definition: merging A and B costs
// height sqrt(2 |A||B| / (|A| + |B|)) * |mean_A - mean_B|.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wardLinkage } from '../../../../main/engines/cluster/ward.ts';
import { cutTree } from '../../../../main/engines/cluster/cutree.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';

test('five points on a line: 7, 0, 15, 1, 3', () => {
  // 1. {0} + {1}: height 1.                      mean 0.5
  // 2. {0,1} + {3}: sqrt(2 * 2/3 * 2.5^2) = sqrt(25/3)     ({3}+{7} would be 4, {7}+{15} 8)
  // 3. {0,1,3} + {7}: sqrt(2 * 3/4 * (7 - 4/3)^2) = sqrt(289/6)  (< 8)
  // 4. {0,1,3,7} + {15}: sqrt(2 * 4/5 * (15 - 2.75)^2) = sqrt(240.1)
  const values = Float64Array.from([7, 0, 15, 1, 3]);
  const tree = wardLinkage({ n: 5, d: 1, values }, silentMonitor);
  const expected = [1, Math.sqrt(25 / 3), Math.sqrt(289 / 6), Math.sqrt(240.1)];
  tree.heights.forEach((h, i) => assert.ok(Math.abs(h - expected[i]) < 1e-12, `merge ${i + 1}: ${h}`));
  // Rows (0-based) merged, each cluster named by its smallest row: 1+3, 1+4, 0+1, 0+2.
  assert.deepEqual(Array.from(tree.mergedInto), [1, 1, 0, 0]);
  assert.deepEqual(Array.from(tree.mergedFrom), [3, 4, 1, 2]);
  // cutree numbers groups by first appearance in row order.
  assert.deepEqual(Array.from(cutTree(tree, 3)), [1, 2, 3, 2, 2]);
  assert.deepEqual(Array.from(cutTree(tree, 2)), [1, 1, 2, 1, 1]);
  assert.deepEqual(Array.from(cutTree(tree, 5)), [1, 2, 3, 4, 5]);
});

test('ties go to the smallest pair index, as R hclust scans with strict <', () => {
  // 0, 1, 2, 3: the pairs (0,1), (1,2), (2,3) tie at 1; R's scan takes the first, rows 0 and
  // 1. Then {0,1} vs 2 is sqrt(2 * 2/3 * 1.5^2) = sqrt(3) > 1, so rows 2 and 3 merge at 1,
  // and last {0,1} + {2,3}: sqrt(2 * 4/4 * 2^2) = sqrt(8).
  const tree = wardLinkage({ n: 4, d: 1, values: Float64Array.from([0, 1, 2, 3]) }, silentMonitor);
  assert.deepEqual(Array.from(tree.mergedInto), [0, 2, 0]);
  assert.deepEqual(Array.from(tree.mergedFrom), [1, 3, 2]);
  assert.deepEqual(Array.from(tree.heights.slice(0, 2)), [1, 1]);
  assert.ok(Math.abs(tree.heights[2] - Math.sqrt(8)) < 1e-12);
});
