// The multistate reference cases (test/fixtures/multistate/<case>): the input frame, the
// layout from options.json, R's expected tables and a comparison under compare.json's rules
// (rows joined on the keys; |actual - expected| <= abs + rel * |expected|; subset allows
// extra actual rows).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { Frame } from '../../../../shared/frame.ts';
import type { MultistateLayout } from '../../../../main/engines/multistate/msprep.ts';
import { readCsvFrame, readCsvRecords } from '../../helpers/csv-frame.ts';

export const caseNames = ['ebmt3', 'ebmt4', 'subscription'] as const;

const fixturesRoot = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'fixtures', 'multistate');

interface Tolerance {
  rel: number;
  abs: number;
}
interface TableRule {
  keys: string[];
  numeric: Record<string, Tolerance>;
  subset: boolean;
}

export interface MultistateOptions extends MultistateLayout {
  covariates: string[];
  predict: { from: string; start: number; times: number[] };
}

export interface FixtureCase {
  name: string;
  frame: Frame;
  options: MultistateOptions;
  expected(table: string): Record<string, string>[];
  rule(table: string): TableRule;
}

export function loadCase(name: string): FixtureCase {
  const folder = join(fixturesRoot, name);
  const options = JSON.parse(readFileSync(join(folder, 'options.json'), 'utf8')) as MultistateOptions;
  const compare = JSON.parse(readFileSync(join(folder, 'compare.json'), 'utf8')) as {
    tables: Record<string, TableRule>;
  };
  return {
    name,
    frame: readCsvFrame(join(folder, 'data.csv'), 'data'),
    options,
    expected: (table) => readCsvRecords(join(folder, 'expected', `${table}.csv`)),
    rule: (table) => compare.tables[table],
  };
}

/** A key cell as text; numbers as JavaScript prints them so "5" and 5 meet. */
function keyText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const text = String(value);
  const asNumber = Number(text);
  return text !== '' && Number.isFinite(asNumber) ? String(asNumber) : text;
}

/** Asserts that `actual` matches R's table under the case's compare.json rule; returns rows checked. */
export function assertMatchesExpected(
  fixture: FixtureCase,
  table: string,
  actual: readonly object[],
): { rows: number; worstRelative: number } {
  const rule = fixture.rule(table);
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of actual as Record<string, unknown>[]) {
    byKey.set(rule.keys.map((key) => keyText(row[key])).join('\u0000'), row);
  }
  const expected = fixture.expected(table);
  if (!rule.subset) assert.equal(actual.length, expected.length, `${fixture.name} ${table}: row count`);
  let worstRelative = 0;
  for (const want of expected) {
    const key = rule.keys.map((k) => keyText(want[k])).join('\u0000');
    const got = byKey.get(key);
    assert.ok(
      got,
      `${fixture.name} ${table}: no row for ${rule.keys.map((k) => `${k}=${want[k]}`).join(', ')}`,
    );
    for (const [column, tolerance] of Object.entries(rule.numeric)) {
      const wanted = Number(want[column]);
      const value: unknown = got[column];
      assert.equal(typeof value, 'number', `${fixture.name} ${table} ${key} ${column}: not a number`);
      const difference = Math.abs((value as number) - wanted);
      if (wanted !== 0) worstRelative = Math.max(worstRelative, difference / Math.abs(wanted));
      assert.ok(
        difference <= tolerance.abs + tolerance.rel * Math.abs(wanted),
        `${fixture.name} ${table} ${rule.keys.map((k) => `${k}=${want[k]}`).join(', ')} ${column}: ` +
          `got ${String(value)}, expected ${wanted}`,
      );
    }
  }
  return { rows: expected.length, worstRelative };
}
