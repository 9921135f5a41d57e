// The whole multistate engine: every reference table through one engine call, the full
// P(s, t) matrix (consistent with probtrans and with itself by Chapman-Kolmogorov), the
// checks the wizard shows before a run, and the warnings R would give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multistateEngine } from '../../../../main/engines/multistate/index.ts';
import { plainContext } from '../../../../main/engines/engine.ts';
import { parseOptions } from '../../../../shared/analyses/define.ts';
import { multistateDefinition, type MultistateOptions } from '../../../../shared/analyses/multistate.ts';
import type { Frame } from '../../../../shared/frame.ts';
import type { Result, Table } from '../../../../shared/result.ts';
import { InputError } from '../../../../shared/errors.ts';
import { frameFromCsvText } from '../../helpers/csv-frame.ts';
import { assertMatchesExpected, caseNames, loadCase } from './fixture-cases.ts';

function run(frame: Frame, raw: unknown): Result {
  const options = parseOptions(multistateDefinition, raw) as MultistateOptions;
  return multistateEngine.run({ data: frame }, options, plainContext()) as Result;
}

/** Table rows as objects keyed by column name. */
function records(table: Table | undefined): Record<string, string | number | null>[] {
  assert.ok(table, 'table present');
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i] ?? null])));
}

for (const name of caseNames) {
  test(`${name}: every reference table from one engine call`, () => {
    const fixture = loadCase(name);
    const result = run(fixture.frame, fixture.options);
    const tables = ['frequencies', 'cumhaz', 'probtrans'];
    if (fixture.options.covariates.length > 0) tables.push('coefficients', 'profile_probtrans');
    else {
      assert.equal(result.tables.coefficients, undefined);
      assert.equal(result.tables.profile_probtrans, undefined);
    }
    for (const table of tables) assertMatchesExpected(fixture, table, records(result.tables[table]));
  });
}

test('subscription: the P(s, t) matrix holds probtrans as its row for predict.from, and every row sums to 1', () => {
  const fixture = loadCase('subscription');
  const result = run(fixture.frame, { ...fixture.options, covariates: [], levels: {}, profiles: [] });
  const matrix = records(result.tables.transition_matrix);
  const probtrans = records(result.tables.probtrans);
  const { states, predict } = fixture.options;
  assert.equal(matrix.length, predict.times.length * states.length * states.length);
  for (const row of probtrans) {
    const same = matrix.find((m) => m.time === row.time && m.from === predict.from && m.to === row.state);
    assert.ok(same);
    assert.equal(same.prob, row.prob);
    assert.equal(same.se, row.se);
  }
  for (const time of predict.times) {
    for (const from of states) {
      const total = matrix
        .filter((m) => m.time === time && m.from === from)
        .reduce((sum, m) => sum + (m.prob as number), 0);
      assert.ok(Math.abs(total - 1) < 1e-12, `P(${from}, ${time}) sums to ${total}`);
    }
  }
  // An absorbing state keeps everybody.
  const cancelled = matrix.filter((m) => m.from === 'Cancelled' && m.to === 'Cancelled');
  assert.ok(cancelled.every((m) => m.prob === 1));
});

test('Chapman-Kolmogorov: P(0, t) = P(0, s) P(s, t) with the matrix started at s', () => {
  const fixture = loadCase('ebmt4');
  const { states } = fixture.options;
  const s = 365;
  const t = 2000;
  const fromZero = records(
    run(fixture.frame, { ...fixture.options, predict: { from: 'Tx', start: 0, times: [s, t] } }).tables
      .transition_matrix,
  );
  const fromS = records(
    run(fixture.frame, { ...fixture.options, predict: { from: 'Tx', start: s, times: [t] } }).tables
      .transition_matrix,
  );
  const p = (rows: typeof fromZero, time: number, from: string, to: string): number =>
    rows.find((r) => r.time === time && r.from === from && r.to === to)?.prob as number;
  for (const to of states) {
    let composed = 0;
    for (const via of states) composed += p(fromZero, s, 'Tx', via) * p(fromS, t, via, to);
    const direct = p(fromZero, t, 'Tx', to);
    assert.ok(Math.abs(composed - direct) < 1e-12, `${to}: ${composed} vs ${direct}`);
  }
});

test('profiles: the curve at the prediction times equals profile_probtrans, and profiles differ', () => {
  const fixture = loadCase('ebmt3');
  const times = [100, 365, 1000];
  const result = run(fixture.frame, { ...fixture.options, predict: { from: 'Tx', start: 0, times } });
  const profiles = records(result.tables.profile_probtrans);
  const curve = records(result.tables.profile_curve);
  assert.equal(curve.length, 2 * 101 * 3);
  const last = curve.filter((r) => r.profile === 'A').at(-1);
  assert.ok(last);
  const a = profiles.find((r) => r.profile === 'A' && r.time === 1000 && r.state === 'RelDeath')?.prob;
  const b = profiles.find((r) => r.profile === 'B' && r.time === 1000 && r.state === 'RelDeath')?.prob;
  assert.ok(typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) > 0.05, `${a} vs ${b}`);
  const test = records(result.tables.model_test)[0];
  assert.ok(test);
  assert.equal(test.df, 18);
  assert.ok((test.statistic as number) > 0 && (test.p as number) < 0.05);
});

const tinyLayout = {
  id: 'id',
  states: ['A', 'B', 'C'],
  transitions: [
    ['A', 'B'],
    ['A', 'C'],
    ['B', 'C'],
  ],
  time: { B: 'tB', C: 'tC' },
  status: { B: 'sB', C: 'sC' },
  predict: { from: 'A', times: [1, 5] },
};

test('a transition nobody makes is refused with covariates, a warning without', () => {
  const frame = frameFromCsvText(
    'tiny',
    'id,tB,sB,tC,sC,group\n1,1,1,3,0,x\n2,2,0,2,1,y\n3,3,1,4,0,x\n4,4,0,4,0,y\n',
  );
  const withCovariates = { ...tinyLayout, covariates: ['group'] };
  for (const call of [
    () => run(frame, withCovariates),
    () => multistateEngine.check?.({ data: frame }, parseOptions(multistateDefinition, withCovariates)),
  ]) {
    assert.throws(call, (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /transition 3 \(B -> C\): no customer in "tiny" makes this transition/);
      assert.equal(err.where.option, 'transitions.2');
      return true;
    });
  }
  const result = run(frame, tinyLayout);
  assert.ok(result.warnings.some((w) => /transition 3 \(B -> C\).*stays 0/.test(w)));
});

test('a covariate with one level is refused before the run, naming the column', () => {
  const frame = frameFromCsvText(
    'tiny',
    'id,tB,sB,tC,sC,group\n1,1,1,3,1,x\n2,2,0,2,1,x\n3,3,1,4,0,x\n4,4,0,4,0,x\n',
  );
  const options = parseOptions(multistateDefinition, { ...tinyLayout, covariates: ['group'] });
  assert.throws(
    () => multistateEngine.check?.({ data: frame }, options),
    /column group: the covariate has one level only \("x"\)/,
  );
});

test('msprep conventions are reported as warnings: an entry before the current state, zero-length rows', () => {
  // A -> B -> C only. Customer 2 enters B at 3 and has C = 2 with status 1, before B: that
  // entry is ignored and 2 is censored in B at 3. Customer 4 enters B at 2 and is last seen
  // at 2: a zero-length row out of B (and so is 2's, censored at its entry time 3).
  const frame = frameFromCsvText('tiny', 'id,tB,sB,tC,sC\n1,1,1,3,1\n2,3,1,2,1\n3,4,0,4,0\n4,2,1,2,0\n');
  const result = run(frame, {
    ...tinyLayout,
    transitions: [
      ['A', 'B'],
      ['B', 'C'],
    ],
  });
  assert.ok(
    result.warnings.some((w) =>
      /1 customer entered a state \(status 1\) at a time before.*row 2: tC = 2/.test(w),
    ),
    result.warnings.join('\n'),
  );
  assert.ok(
    result.warnings.some((w) => /^2 rows of the prepared data .* have no length/.test(w)),
    result.warnings.join('\n'),
  );
  const frequencies = records(result.tables.frequencies);
  assert.equal(frequencies.find((r) => r.from === 'A' && r.to === 'B')?.count, 3);
  assert.equal(frequencies.find((r) => r.from === 'B' && r.to === 'C')?.count, 1);
});

test('fewer than two customers are refused', () => {
  const frame = frameFromCsvText('tiny', 'id,tB,sB,tC,sC\n1,1,1,3,1\n');
  assert.throws(() => run(frame, tinyLayout), /"tiny": 1 row; a multi-state model needs/);
});

test('the option checks name the option', () => {
  const bad: [unknown, RegExp][] = [
    [{ ...tinyLayout, transitions: [['B', 'A']] }, /option transitions\.0: .*goes into the start state/],
    [{ ...tinyLayout, time: { B: 'tB' } }, /option time\.C: state "C" has no time column/],
    [
      { ...tinyLayout, covariates: ['g'], levels: { g: ['x'] } },
      /option levels\.g: give at least two levels/,
    ],
    [
      { ...tinyLayout, covariates: ['g'], profiles: [{ name: 'P', values: {} }] },
      /option profiles\.0\.values\.g/,
    ],
    [
      { ...tinyLayout, predict: { from: 'Z', times: [1] } },
      /option predict\.from: "Z" is not one of the states/,
    ],
  ];
  for (const [options, message] of bad)
    assert.throws(() => parseOptions(multistateDefinition, options), message);
});

test('a state no transition enters needs no time or status column', () => {
  const frame = frameFromCsvText('tiny', 'id,tB,sB\n1,1,1\n2,2,0\n3,3,1\n');
  const result = run(frame, {
    ...tinyLayout,
    transitions: [['A', 'B']],
    time: { B: 'tB' },
    status: { B: 'sB' },
  });
  const frequencies = records(result.tables.frequencies);
  assert.equal(frequencies.find((r) => r.from === 'A' && r.to === 'B')?.count, 2);
  assert.equal(frequencies.find((r) => r.from === 'C' && r.to === 'total entering')?.count, 0);
});
