// Runs every reference case of test/fixtures/<kind> through the real CLI and checks it with
// compare-tables.mjs under the case's compare.json, plus the files the run must write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareCase } from '../tools/compare-tables.mjs';
import { pathwise } from './cli.ts';
import { repoRoot, tempDir } from './tmp.ts';

export function fixtureCasesThroughCli(kind: string, reference: string, files: readonly string[]): void {
  const fixtures = join(repoRoot, 'test', 'fixtures', kind);
  for (const name of readdirSync(fixtures).sort()) {
    test(`${kind} fixture ${name} matches ${reference} through the CLI`, () => {
      const caseDir = join(fixtures, name);
      const out = join(tempDir(), 'out');
      const res = pathwise([
        'run',
        kind,
        '--data',
        join(caseDir, 'data.csv'),
        '--options',
        join(caseDir, 'options.json'),
        '--out',
        out,
      ]);
      assert.equal(res.status, 0, res.stderr);
      const { ok, report } = compareCase(caseDir, out);
      assert.ok(ok, report.join('\n'));
      for (const file of files) assert.ok(readdirSync(out).includes(file), `${file} written`);
    });
  }
}
