import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frequentSequences } from '../../../../main/engines/sequence/frequent-sequences.ts';
import { meanTime } from '../../../../main/engines/sequence/mean-time.ts';
import { stateDistribution } from '../../../../main/engines/sequence/state-distribution.ts';
import {
  entropyTable,
  frequentSequencesTable,
  meanTimeTable,
  stateDistributionTable,
} from '../../../../main/engines/sequence/tables.ts';
import { tableSchema } from '../../../../shared/result.ts';
import { caseNames, compareWithExpected, encodeCase } from './fixture-cases.ts';

for (const name of caseNames) {
  test(`${name}: the four descriptive tables together match the expected CSVs`, () => {
    const seq = encodeCase(name);
    const distribution = stateDistribution(seq);
    const tables = {
      state_distribution: stateDistributionTable(distribution),
      entropy: entropyTable(distribution),
      mean_time: meanTimeTable(meanTime(seq)),
      frequent_sequences: frequentSequencesTable(frequentSequences(seq)),
    };
    for (const table of Object.values(tables)) tableSchema.parse(table);
    assert.equal(tables.state_distribution.rows.length, seq.length * seq.alphabet.length);
    assert.equal(tables.entropy.rows.length, seq.length);
    assert.equal(tables.mean_time.rows.length, seq.alphabet.length);
    const { ok, report } = compareWithExpected(name, tables);
    assert.ok(ok, report);
  });
}
