// The command line as a user meets it: import, list, export, demo, and the exit status and
// one-line message for bad input (2) versus success (0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathwise } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`);
  return lines[0]!;
}

test('bad input exits 2 with one precise line', () => {
  const dir = tempDir();
  const csv = join(dir, 'points.csv');
  writeFileSync(csv, 'id,x,y,label\n1,1.5,2,a\n2,2.5,3,b\n3,1,1,c\n4,9,9,d\n5,8,9,e\n6,9,8,f\n');
  const opts = join(dir, 'opts.json');

  writeFileSync(opts, JSON.stringify({ columns: ['x', 'y'], method: 'kmeans', k: 0 }));
  let res = pathwise(['run', 'cluster', '--data', csv, '--options', opts, '--out', join(dir, 'o')]);
  assert.equal(res.status, 2);
  assert.match(oneLine(res.stderr), /option k/);

  writeFileSync(opts, JSON.stringify({ columns: ['x', 'label'], method: 'kmeans', k: 2 }));
  res = pathwise(['run', 'cluster', '--data', csv, '--options', opts, '--out', join(dir, 'o')]);
  assert.equal(res.status, 2);
  assert.match(oneLine(res.stderr), /column label: expected .*number.*, got text/);

  writeFileSync(opts, '{ not json');
  res = pathwise(['run', 'cluster', '--data', csv, '--options', opts, '--out', join(dir, 'o')]);
  assert.equal(res.status, 2);
  assert.match(oneLine(res.stderr), /not valid JSON/);

  writeFileSync(opts, JSON.stringify({ columns: ['x', 'y'], method: 'kmeans', k: 2 }));
  res = pathwise([
    'run',
    'cluster',
    '--data',
    join(dir, 'missing.csv'),
    '--options',
    opts,
    '--out',
    join(dir, 'o'),
  ]);
  assert.equal(res.status, 2);
  assert.match(oneLine(res.stderr), /missing\.csv/);

  const ragged = join(dir, 'ragged.csv');
  writeFileSync(ragged, 'id,x,y\n1,2,3\n4,5\n');
  res = pathwise(['import', join(dir, 'p.pathwise'), ragged]);
  assert.equal(res.status, 2);
  assert.match(oneLine(res.stderr), /ragged\.csv, row 3/);

  const foreign = join(dir, 'foreign.pathwise');
  writeFileSync(foreign, 'this is not a project');
  res = pathwise(['list', foreign]);
  assert.equal(res.status, 2);
  assert.match(oneLine(res.stderr), /not a Pathwise project/);

  res = pathwise(['frobnicate']);
  assert.equal(res.status, 2);
  res = pathwise(['run', 'nosuchkind', '--data', csv, '--out', dir]);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /unknown analysis kind "nosuchkind"/);
});

test('import, run into a project, list and export', () => {
  const dir = tempDir();
  const project = join(dir, 'work.pathwise');
  const csv = join(dir, 'customers.csv');
  const rows = ['id,spend,visits'];
  for (let i = 0; i < 90; i++) rows.push(`c${i},${(i % 3) * 100 + (i % 7)},${(i % 3) * 10 + (i % 5)}`);
  writeFileSync(csv, rows.join('\n') + '\n');
  let res = pathwise(['import', project, csv, '--name', 'customers']);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /"customers": 90 rows, 3 columns/);

  const opts = join(dir, 'opts.json');
  writeFileSync(
    opts,
    JSON.stringify({ id: 'id', columns: ['spend', 'visits'], method: 'hierarchical', k: 3 }),
  );
  res = pathwise([
    'run',
    'cluster',
    '--data',
    csv,
    '--options',
    opts,
    '--out',
    join(dir, 'run'),
    '--project',
    project,
  ]);
  assert.equal(res.status, 0, res.stderr);

  res = pathwise(['list', project]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /customers\t90 rows/);
  assert.match(res.stdout, /Segment customers\tcluster\t1 runs\tlast done/);

  res = pathwise(['export', project, 'Segment customers', '--out', join(dir, 'export')]);
  assert.equal(res.status, 0, res.stderr);
  const files = readdirSync(join(dir, 'export'));
  for (const f of [
    'results.json',
    'segments.csv',
    'metrics.csv',
    'segment_profiles.csv',
    'profile_heatmap.svg',
  ]) {
    assert.ok(files.includes(f), `${f} exported`);
  }
  assert.deepEqual(
    readFileSync(join(dir, 'export', 'segments.csv'), 'utf8'),
    readFileSync(join(dir, 'run', 'segments.csv'), 'utf8'),
  );
  const svg = readFileSync(join(dir, 'export', 'segment_sizes.svg'), 'utf8');
  assert.match(svg, /^<svg/);

  res = pathwise(['export', project, 'no such analysis', '--out', join(dir, 'x')]);
  assert.equal(res.status, 2);
});

test('demo creates a project with data for every analysis and a finished run of each that exists', () => {
  const dir = tempDir();
  const project = join(dir, 'demo.pathwise');
  const res = pathwise(['demo', project]);
  assert.equal(res.status, 0, res.stderr);
  assert.ok(existsSync(project));
  const list = pathwise(['list', project]);
  assert.equal(list.status, 0, list.stderr);
  for (const kind of ['cluster', 'multistate', 'sequence', 'rnn', 'boruta', 'nmf', 'flows']) {
    assert.match(list.stdout, new RegExp(`\\t${kind}\\t`), `an analysis of kind ${kind}`);
  }
  for (const kind of ['cluster', 'multistate', 'sequence', 'rnn', 'rnn_score']) {
    assert.match(list.stdout, new RegExp(`\\t${kind}\\t1 runs\\tlast done`), `the ${kind} analysis has run`);
  }
  const again = pathwise(['demo', project]);
  assert.equal(again.status, 2, 'an existing file is not overwritten');
});
