// The reference cases of test/fixtures/multistate (R mstate and survival) through the CLI,
// checked by compare-tables.mjs under each case's compare.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareCase } from '../../tools/compare-tables.mjs';
import { pathwise } from '../../helpers/cli.ts';
import { repoRoot, tempDir } from '../../helpers/tmp.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'multistate');

for (const name of readdirSync(fixtures).sort()) {
  test(`multistate fixture ${name} matches R through the CLI`, () => {
    const caseDir = join(fixtures, name);
    const out = join(tempDir(), 'out');
    const res = pathwise([
      'run',
      'multistate',
      '--data',
      join(caseDir, 'data.csv'),
      '--options',
      join(caseDir, 'options.json'),
      '--out',
      out,
    ]);
    assert.equal(res.status, 0, res.stderr);
    const { ok, report } = compareCase(caseDir, out) as { ok: boolean; report: string[] };
    assert.ok(ok, report.join('\n'));
    for (const file of [
      'results.json',
      'frequencies.csv',
      'cumhaz.csv',
      'probtrans.csv',
      'transition_matrix.csv',
      'transition_diagram.svg',
      'cumulative_hazards.svg',
      'stacked_probabilities.svg',
    ]) {
      assert.ok(readdirSync(out).includes(file), `${file} written`);
    }
  });
}
