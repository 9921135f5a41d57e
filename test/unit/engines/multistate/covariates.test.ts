// Covariate design: numeric columns as they are, indicators against the reference level
// (given levels first, else code-unit order), expand.covs per transition, and the refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  covariateDesign,
  expandCovariates,
  expandedTerms,
  profileDesignRow,
} from '../../../../main/engines/multistate/covariates.ts';
import { msprep } from '../../../../main/engines/multistate/msprep.ts';
import { InputError } from '../../../../shared/errors.ts';
import { frameFromCsvText } from '../../helpers/csv-frame.ts';

const csv =
  'id,tB,sB,tC,sC,age,band,score\n' + '1,2,1,5,1,30,b,1\n' + '2,3,0,3,1,40,B,2\n' + '3,4,0,6,0,50,a,3\n';

test('numeric as is; categorical indicators against the first level in code-unit order', () => {
  const frame = frameFromCsvText('customers', csv);
  const design = covariateDesign(frame, { covariates: ['age', 'band'] });
  // Code units: "B" < "a" < "b", so "B" is the reference.
  assert.deepEqual(
    design.terms.map((term) => term.term),
    ['age', 'band=a', 'band=b'],
  );
  assert.deepEqual(design.levels, { band: ['B', 'a', 'b'] });
  assert.deepEqual(Array.from(design.values), [30, 0, 1, 40, 0, 0, 50, 1, 0]);
});

test('levels: the given reference first; a numeric column named in levels is categorical', () => {
  const frame = frameFromCsvText('customers', csv);
  const design = covariateDesign(frame, {
    covariates: ['band', 'score'],
    levels: { band: ['b', 'a', 'B'], score: ['2', '1', '3'] },
  });
  assert.deepEqual(
    design.terms.map((term) => term.term),
    ['band=a', 'band=B', 'score=1', 'score=3'],
  );
  assert.deepEqual(Array.from(design.values), [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
  assert.deepEqual(Array.from(profileDesignRow(design, 'A', { band: 'a', score: '3' })), [1, 0, 0, 1]);
});

test('expand.covs: one column per term per transition, zero on other transitions', () => {
  const frame = frameFromCsvText('customers', csv);
  const long = msprep(frame, {
    id: 'id',
    states: ['A', 'B', 'C'],
    transitions: [
      ['A', 'B'],
      ['A', 'C'],
      ['B', 'C'],
    ],
    time: { B: 'tB', C: 'tC' },
    status: { B: 'sB', C: 'sC' },
  });
  const design = covariateDesign(frame, { covariates: ['age'] });
  assert.deepEqual(
    expandedTerms(design, 3).map((term) => `${term.term}.${term.transition + 1}`),
    ['age.1', 'age.2', 'age.3'],
  );
  // Subject 1: A -> B at 2 (rows trans 1, 2), B -> C at 5 (trans 3); subject 2: A -> C at 3;
  // subject 3: censored in A at 4.
  assert.deepEqual(Array.from(long.transition), [0, 1, 2, 0, 1, 0, 1]);
  assert.deepEqual(
    Array.from(expandCovariates(long, design)),
    [30, 0, 0, 0, 30, 0, 0, 0, 30, 40, 0, 0, 0, 40, 0, 50, 0, 0, 0, 50, 0],
  );
});

test('refusals: missing column, one level, missing value, value outside the levels', () => {
  const frame = frameFromCsvText('customers', csv);
  assert.throws(() => covariateDesign(frame, { covariates: ['nope'] }), /column nope: not found/);
  const constant = frameFromCsvText('c', 'id,g,x\n1,a,1\n2,a,1\n');
  assert.throws(() => covariateDesign(constant, { covariates: ['g'] }), /one level only/);
  assert.throws(() => covariateDesign(constant, { covariates: ['x'] }), /one value only/);
  const missing = frameFromCsvText('m', 'id,g\n1,a\n2,\n3,b\n');
  assert.throws(
    () => covariateDesign(missing, { covariates: ['g'] }),
    (error: unknown) => error instanceof InputError && /row 2, column g: missing value/.test(error.message),
  );
  assert.throws(
    () => covariateDesign(frame, { covariates: ['band'], levels: { band: ['a', 'b'] } }),
    /"B" is not one of the levels/,
  );
  assert.throws(
    () => covariateDesign(frame, { covariates: ['age'], levels: { band: ['a', 'b'] } }),
    /"band" is not one of the covariates/,
  );
});
