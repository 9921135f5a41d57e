// The three data shapes are one analysis: the journeys fixture as a wide table, as long rows
// (customer, period, state; each customer's periods shuffled) and as an event log (several events a month, the last one
// the month's state, dates on the calendar) give the same tables, digit for digit, as TraMineR
// gives for the wide table. Also: a journey that ends early in an event log is shorter, not
// refused; a month without events inside a journey is refused unless kept as "*".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sequenceEngine } from '../../../../main/engines/sequence/index.ts';
import { plainContext } from '../../../../main/engines/engine.ts';
import { parseOptions } from '../../../../shared/analyses/define.ts';
import { sequenceDefinition } from '../../../../shared/analyses/sequence.ts';
import type { Frame } from '../../../../shared/frame.ts';
import type { Result } from '../../../../shared/result.ts';
import { InputError } from '../../../../shared/errors.ts';
import { parseCsv, readCsvFrame } from '../../helpers/csv-frame.ts';
import { repoRoot } from '../../../helpers/tmp.ts';

const caseDir = join(repoRoot, 'test', 'fixtures', 'sequence', 'journeys');
const wideRows = parseCsv(readFileSync(join(caseDir, 'data.csv'), 'utf8'));
const periods = wideRows.header.slice(1);

function textFrame(columns: Record<string, string[]>): Frame {
  const names = Object.keys(columns);
  return {
    name: 'data',
    rowCount: columns[names[0]!]!.length,
    columns: names.map((name) => ({ name, type: 'text' as const, values: [...columns[name]!] })),
  };
}

/** A deterministic shuffle (the row order of long data must not matter). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function run(frame: Frame, options: Record<string, unknown>): Promise<Result> {
  const base = JSON.parse(readFileSync(join(caseDir, 'options.json'), 'utf8')) as Record<string, unknown>;
  const parsed = parseOptions(sequenceDefinition, {
    ...base,
    columns: undefined,
    ...options,
    write_distances: true,
  });
  return await sequenceEngine.run({ data: frame }, parsed, plainContext());
}

const month = (t: number) => `${2024 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;

test('long rows and an event log give the wide table’s analysis, table for table', async () => {
  const wide = await run(readCsvFrame(join(caseDir, 'data.csv'), 'data'), {
    format: 'wide',
    columns: periods,
  });

  // Each customer's periods in shuffled order (customers keep their order: it is Ward's row order).
  const long = wideRows.rows.flatMap(([id, ...states]) =>
    shuffled(states.map((state, t) => [id!, String(t + 1).padStart(2, '0'), state!])),
  );
  const longResult = await run(
    textFrame({ id: long.map((r) => r[0]!), month: long.map((r) => r[1]!), channel: long.map((r) => r[2]!) }),
    { format: 'long', time: 'month', state: 'channel' },
  );

  // Two events a month: an earlier one in another state, then the month's state on the 20th.
  const events = wideRows.rows.flatMap(([id, ...states]) =>
    states.flatMap((state, t) => [
      [id!, `${month(t)}-03`, state === 'Store' ? 'Online' : 'Store'],
      [id!, `${month(t)}-20T10:00:00Z`, state!],
    ]),
  );
  const eventResult = await run(
    textFrame({
      id: events.map((r) => r[0]!),
      at: events.map((r) => r[1]!),
      channel: events.map((r) => r[2]!),
    }),
    {
      format: 'events',
      time: 'at',
      state: 'channel',
      period: { unit: 'month', rule: 'last', start: 'calendar' },
    },
  );

  for (const name of Object.keys(wide.tables)) {
    for (const [shape, other] of [
      ['long', longResult],
      ['events', eventResult],
    ] as const) {
      const theirs = other.tables[name];
      assert.ok(theirs, `${shape}: table ${name}`);
      const ours = wide.tables[name]!;
      // The period labels differ by shape (m01 / 01 / 2024-01); everything else is equal.
      const timeColumn = ours.columns.findIndex((c) => c.name === 'time');
      const strip = (rows: unknown[][]) => rows.map((row) => row.filter((_, j) => j !== timeColumn));
      assert.deepEqual(strip(theirs.rows), strip(ours.rows), `${shape}: ${name}`);
    }
  }
  assert.deepEqual(
    eventResult.tables.entropy!.rows.map((row) => row[0]),
    periods.map((_, t) => month(t)),
    'calendar months as period labels',
  );
});

test('an event log: a journey ends with its last event; a month without events inside it is refused or kept as "*"', async () => {
  const frame = textFrame({
    id: ['a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c'],
    at: [
      '2024-01-05',
      '2024-02-05',
      '2024-03-05',
      '2024-01-09',
      '2024-02-09',
      '2024-03-09',
      '2024-04-09',
      '2024-01-02',
      '2024-03-02',
      '2024-04-02',
    ],
    state: ['Store', 'Store', 'Online', 'Store', 'Online', 'Online', 'Online', 'Online', 'Online', 'Store'],
  });
  const options = {
    format: 'events',
    time: 'at',
    state: 'state',
    id: 'id',
    cluster: { k: 2, k_max: 2 },
    period: { unit: 'month', start: 'first_event' },
  };
  await assert.rejects(
    () => run(frame, options),
    (err: unknown) =>
      err instanceof InputError && /customer c, period 2: the state is missing/.test(err.message),
  );
  const kept = await run(frame, { ...options, with_missing: true });
  const journeys = kept.tables.clusters!.rows.map((row) => row[2]);
  assert.deepEqual(journeys, ['Store/2-Online/1', 'Store/1-Online/3', 'Online/1-*/1-Online/1-Store/1']);
  const filled = await run(frame, {
    ...options,
    period: { unit: 'month', start: 'first_event', fill: 'previous' },
  });
  assert.deepEqual(
    filled.tables.clusters!.rows.map((row) => row[2]),
    ['Store/2-Online/1', 'Store/1-Online/3', 'Online/3-Store/1'],
  );
});
