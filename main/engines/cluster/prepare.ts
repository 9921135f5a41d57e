// From the user's table to the matrix that is clustered: check the chosen columns, keep the
// rows complete in all of them (R's na.omit), read the ids, and z-score when asked (R scale).
// O(n d). Every refusal is an InputError naming the dataset, the column and what was expected.

import type { Frame, FrameColumn } from '../../../shared/frame.ts';
import { findColumn, isNumericColumn } from '../../../shared/frame.ts';
import { InputError } from '../../../shared/errors.ts';
import type { TableColumnType } from '../../../shared/result.ts';
import type { ClusterOptions } from '../../../shared/analyses/cluster.ts';
import type { PointMatrix } from '../common/point-matrix.ts';
import type { ColumnScaling } from '../common/standardize.ts';
import { columnScaling, standardizeColumns } from '../common/standardize.ts';

export interface RowIds {
  type: TableColumnType;
  name: string;
  values: (string | number | null)[];
}

export interface PreparedData {
  /** The complete rows in original units (row-major, columns in options order). */
  original: PointMatrix;
  /** What is clustered: `original`, or its z-scores when options.standardize. */
  clustered: PointMatrix;
  /** Frame row (0-based) of every point. */
  frameRows: Int32Array;
  ids: RowIds;
  scaling: ColumnScaling | null;
  warnings: string[];
}

const numericTypes = new Set(['integer', 'number', 'boolean']);

function describeColumns(frame: Frame): string {
  const names = frame.columns.map((c) => c.name);
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, ...`;
}

function requireColumn(frame: Frame, name: string, role: string): FrameColumn {
  const column = findColumn(frame, name);
  if (!column) {
    throw new InputError(
      `data "${frame.name}", column ${name}: not found (chosen as ${role}); ` +
        `the columns are ${describeColumns(frame)}`,
      { column: name },
    );
  }
  return column;
}

export function prepareClusterData(frame: Frame, options: ClusterOptions): PreparedData {
  const warnings: string[] = [];
  const chosen = options.columns.map((name) => {
    const column = requireColumn(frame, name, 'a measure');
    if (!isNumericColumn(column) || !numericTypes.has(column.type)) {
      throw new InputError(
        `data "${frame.name}", column ${name}: expected a numeric column, got ${column.type}`,
        {
          column: name,
        },
      );
    }
    return column;
  });
  const duplicate = options.columns.find((name, i) => options.columns.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new InputError(`data "${frame.name}", column ${duplicate}: chosen twice; choose each column once`, {
      column: duplicate,
      option: 'columns',
    });
  }
  const idColumn = options.id === undefined ? null : requireColumn(frame, options.id, 'the id');

  const d = chosen.length;
  const complete: number[] = [];
  for (let row = 0; row < frame.rowCount; row++) {
    let ok = true;
    for (const column of chosen) {
      if (Number.isNaN(column.values[row])) {
        ok = false;
        break;
      }
    }
    if (ok) complete.push(row);
  }
  const n = complete.length;
  const leftOut = frame.rowCount - n;
  if (leftOut > 0) {
    warnings.push(
      leftOut === 1
        ? '1 row with missing values was left out'
        : `${leftOut} rows with missing values were left out`,
    );
  }
  if (n < 2) {
    const have = n === 0 ? 'no row has' : 'only 1 row has';
    throw new InputError(
      `data "${frame.name}": ${have} a value in every chosen column (${options.columns.join(', ')}); ` +
        'clustering needs at least 2 such rows',
    );
  }

  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) values[i * d + c] = chosen[c].values[complete[i]];
  }
  const original: PointMatrix = { n, d, values };
  const frameRows = Int32Array.from(complete);

  const scaling = columnScaling(original);
  if (scaling.sds.every((sd) => sd === 0)) {
    throw new InputError(
      `data "${frame.name}": every chosen column (${options.columns.join(', ')}) has the same value in all ` +
        `${n} complete rows, so there is nothing to cluster`,
    );
  }
  let clustered = original;
  if (options.standardize) {
    const constant = scaling.sds.findIndex((sd) => sd === 0);
    if (constant >= 0) {
      const name = options.columns[constant];
      throw new InputError(
        `data "${frame.name}", column ${name}: constant (sd 0), so it cannot be standardized; ` +
          'leave it out or turn standardize off',
        { column: name, option: 'standardize' },
      );
    }
    clustered = standardizeColumns(original, scaling);
  }

  return {
    original,
    clustered,
    frameRows,
    ids: readIds(idColumn, frameRows),
    scaling: options.standardize ? scaling : null,
    warnings,
  };
}

/** Ids as text, or numbers when the id column is numeric; row numbers 1..n without an id column. */
function readIds(column: FrameColumn | null, frameRows: Int32Array): RowIds {
  if (column === null) {
    return { type: 'integer', name: 'id', values: Array.from(frameRows, (row) => row + 1) };
  }
  if (isNumericColumn(column)) {
    const values = Array.from(frameRows, (row) => {
      const v = column.values[row];
      return Number.isNaN(v) ? null : v;
    });
    const type: TableColumnType = column.type === 'number' ? 'number' : 'integer';
    return { type, name: 'id', values };
  }
  return { type: 'string', name: 'id', values: Array.from(frameRows, (row) => column.values[row] ?? null) };
}
