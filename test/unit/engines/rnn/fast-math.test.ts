// The kernels' fast e^x, logistic and tanh against Math, over the range training meets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exponential, hyperbolicTangent, logistic } from '../../../../main/engines/rnn/fast-math.ts';

test('exponential, logistic and tanh agree with Math to double precision, saturating safely', () => {
  let worstExp = 0;
  let worstLogistic = 0;
  let worstTanh = 0;
  for (let i = -4000; i <= 4000; i++) {
    const x = i * 0.1237;
    worstExp = Math.max(worstExp, Math.abs(exponential(x) / Math.exp(x) - 1));
    worstLogistic = Math.max(worstLogistic, Math.abs(logistic(x) * (1 + Math.exp(-x)) - 1));
    worstTanh = Math.max(worstTanh, Math.abs(hyperbolicTangent(x) - Math.tanh(x)));
  }
  assert.ok(worstExp < 1e-15, `exp ${worstExp}`);
  assert.ok(worstLogistic < 2e-15, `logistic ${worstLogistic}`);
  assert.ok(worstTanh < 5e-16, `tanh ${worstTanh}`);
  assert.equal(exponential(0), 1);
  assert.equal(exponential(-1000), 0);
  assert.equal(exponential(1000), Infinity);
  assert.equal(logistic(-1000), 0);
  assert.equal(logistic(1000), 1);
  assert.equal(hyperbolicTangent(1000), 1);
  assert.equal(hyperbolicTangent(-1000), -1);
  assert.ok(Math.abs(hyperbolicTangent(1e-9) - 1e-9) < 5e-16);
});
