// The demo generator's PRNG: reproducible streams, and moments close to the textbook ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DemoRandom } from '../../../main/demo/rng.ts';

test('the same seed gives the same stream, another seed another', () => {
  const a = new DemoRandom(42);
  const b = new DemoRandom(42);
  const c = new DemoRandom(43);
  const first = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(
    Array.from({ length: 5 }, () => b.uniform()),
    first,
  );
  assert.notDeepEqual(
    Array.from({ length: 5 }, () => c.uniform()),
    first,
  );
  first.forEach((u) => assert.ok(u >= 0 && u < 1));
});

test('uniform, normal, Poisson and choice have the expected moments', () => {
  const rng = new DemoRandom(7);
  const n = 100_000;
  const uniforms = Array.from({ length: n }, () => rng.uniform());
  const normals = Array.from({ length: n }, () => rng.normal(10, 2));
  const poissons = Array.from({ length: n }, () => rng.poisson(4));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = (xs: number[]) => {
    const m = mean(xs);
    return mean(xs.map((x) => (x - m) ** 2));
  };
  assert.ok(Math.abs(mean(uniforms) - 0.5) < 0.005);
  assert.ok(Math.abs(mean(normals) - 10) < 0.03);
  assert.ok(Math.abs(Math.sqrt(variance(normals)) - 2) < 0.03);
  assert.ok(Math.abs(mean(poissons) - 4) < 0.03);
  assert.ok(Math.abs(variance(poissons) - 4) < 0.1);
  const picks = Array.from({ length: n }, () => rng.choice(['a', 'b'], [1, 3]));
  assert.ok(Math.abs(picks.filter((p) => p === 'b').length / n - 0.75) < 0.01);
  const shuffled = rng.shuffle([1, 2, 3, 4, 5]);
  assert.deepEqual([...shuffled].sort(), [1, 2, 3, 4, 5]);
});
