// The rnn reference cases through the CLI, judged as the issue asks: the median over seeds
// 42, 43 and 44 of the validation AUC and of the adjusted Rand index of the segments against
// the planted archetypes (add-ari.mjs; truth.csv is not an input), DBSCAN with options.json
// and k-means with options_kmeans.json, checked by compare-tables.mjs under compare.json.
// journeys_small runs in `npm test`; journeys (over 5 MB, in ../shared) only when
// PATHWISE_SLOW_TESTS is set, since its six runs take minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareCase, parseCsv } from '../../tools/compare-tables.mjs';
import { pathwise } from '../../helpers/cli.ts';
import { repoRoot, tempDir } from '../../helpers/tmp.ts';

const seeds = [42, 43, 44];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function metricsOf(outDir: string): Map<string, number> {
  const rows = parseCsv(readFileSync(join(outDir, 'metrics.csv'), 'utf8'));
  return new Map(rows.map((row) => [String(row.name), Number(row.value)]));
}

/** Runs the case; returns its medians (reported as the test's diagnostics). */
function runCase(caseDir: string): string {
  const work = tempDir();
  const medians: [string, number][] = [];
  const valAuc: number[] = [];
  for (const [optionsFile, ariName] of [
    ['options.json', 'ari_dbscan'],
    ['options_kmeans.json', 'ari_kmeans'],
  ] as const) {
    const aris: number[] = [];
    for (const seed of seeds) {
      const options = JSON.parse(readFileSync(join(caseDir, optionsFile), 'utf8')) as {
        model: { seed: number };
      };
      options.model.seed = seed;
      const optionsPath = join(work, `${ariName}-${seed}.json`);
      writeFileSync(optionsPath, JSON.stringify(options));
      const out = join(work, `${ariName}-${seed}`);
      const res = pathwise(
        [
          'run',
          'rnn',
          '--data',
          `events=${join(caseDir, 'events.csv')}`,
          '--data',
          `labels=${join(caseDir, 'labels.csv')}`,
          '--options',
          optionsPath,
          '--out',
          out,
        ],
        { timeout: 900_000 },
      );
      assert.equal(res.status, 0, res.stderr);
      execFileSync(process.execPath, [join(repoRoot, 'test', 'tools', 'add-ari.mjs'), caseDir, out, ariName]);
      const metrics = metricsOf(out);
      aris.push(metrics.get(ariName)!);
      if (ariName === 'ari_dbscan') valAuc.push(metrics.get('val_auc')!);
    }
    medians.push([ariName, median(aris)]);
  }
  medians.unshift(['val_auc', median(valAuc)]);
  const judged = join(work, 'medians');
  mkdirSync(judged);
  writeFileSync(
    join(judged, 'metrics.csv'),
    ['name,value', ...medians.map(([n, v]) => `${n},${v}`)].join('\n') + '\n',
  );
  const { ok, report } = compareCase(caseDir, judged);
  assert.ok(ok, `${report.join('\n')}\nmedians: ${JSON.stringify(medians)}`);
  return `medians over seeds ${seeds.join(', ')}: ${medians.map(([n, v]) => `${n} ${v.toFixed(4)}`).join(', ')}`;
}

test('rnn journeys_small: median validation AUC and segment ARI over three seeds reach the PyTorch reference', (t) => {
  t.diagnostic(runCase(join(repoRoot, 'test', 'fixtures', 'rnn', 'journeys_small')));
});

const journeys = join(repoRoot, '..', 'shared', 'fixtures', 'rnn', 'journeys');
test(
  'rnn journeys (20,000 customers): median over three seeds reaches the reference',
  { skip: !process.env.PATHWISE_SLOW_TESTS || !existsSync(journeys) ? 'set PATHWISE_SLOW_TESTS=1' : false },
  (t) => t.diagnostic(runCase(journeys)),
);
