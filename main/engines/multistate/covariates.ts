// Covariate columns -> design columns for the multistate covariate model (DESIGN.md section 4
// `multistate`; the fixture READMEs, `coefficients`):
//   - a numeric column (not named in `levels`) is one design column as it is, term = column;
//   - a categorical column (any non-numeric column, or one named in `levels`) with levels
//     l_0 (reference), l_1, ..., l_{L-1} gives L - 1 indicator columns 1{x = l_j}, term
//     `column=l_j`; the levels are `levels[column]` in the given order, else the distinct
//     values in code-unit order (a C-locale R factor), the first being the reference;
//   - transition-specific expansion (mstate::expand.covs): base column c becomes K columns
//     c.k, equal to the base value on rows of transition k and 0 on other transitions' rows;
//     expanded columns are ordered term-major (c.1, ..., c.K, then the next term), as the
//     R formulas of the fixtures list them.
// Refused (InputError): a missing column, a missing value (R's coxph would silently drop
// the customer's rows, na.omit; we ask the analyst to fix or filter the data instead), a
// value outside the given `levels` (R's factor() would make it NA), a covariate with fewer
// than two distinct values (R would report an NA coefficient, a singular design).
// Cost O(n * (columns + levels)) for the base design, O(rows * q * K) for the dense expansion.

import type { Frame, NumericValues } from '../../../shared/frame.ts';
import { cellText, findColumn, isNumericColumn } from '../../../shared/frame.ts';
import { InputError } from '../../../shared/errors.ts';
import type { LongData } from './msprep.ts';

export interface CovariateOptions {
  covariates: string[];
  /** Levels of categorical covariates, reference first. */
  levels?: Record<string, string[]>;
}

/** One base design column (before the expansion per transition). */
export interface BaseTerm {
  covariate: string;
  /** `column` for a numeric covariate, `column=level` for an indicator. */
  term: string;
  /** The indicator's level; null for a numeric covariate. */
  level: string | null;
}

export interface CovariateDesign {
  terms: BaseTerm[];
  /** Levels of each categorical covariate, reference first; absent for numeric ones. */
  levels: Record<string, string[]>;
  subjectCount: number;
  /** Row-major subjectCount x terms.length: the base design row of every subject (frame row). */
  values: Float64Array;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The base design of every subject (frame row). */
export function covariateDesign(frame: Frame, options: CovariateOptions): CovariateDesign {
  const givenLevels = options.levels ?? {};
  for (const name of Object.keys(givenLevels)) {
    if (!options.covariates.includes(name)) {
      throw new InputError(`option levels: "${name}" is not one of the covariates`, { option: 'levels' });
    }
  }
  if (new Set(options.covariates).size !== options.covariates.length) {
    throw new InputError('option covariates: a covariate is listed twice', { option: 'covariates' });
  }
  const n = frame.rowCount;
  const terms: BaseTerm[] = [];
  const columnsOfValues: NumericValues[] = [];
  const levels: Record<string, string[]> = {};
  for (const name of options.covariates) {
    const column = findColumn(frame, name);
    if (!column) {
      throw new InputError(`data "${frame.name}", column ${name}: not found (chosen as a covariate)`, {
        column: name,
      });
    }
    for (let row = 0; row < n; row++) {
      if (cellText(column, row) === null) {
        throw new InputError(
          `data "${frame.name}", row ${row + 1}, column ${name}: missing value in a covariate ` +
            "(R's coxph would drop this customer's rows; fill in or filter the data first)",
          { row: row + 1, column: name },
        );
      }
    }
    const given = givenLevels[name] as string[] | undefined;
    if (isNumericColumn(column) && given === undefined) {
      const first = column.values[0];
      if (column.values.every((value) => value === first)) {
        throw new InputError(
          `data "${frame.name}", column ${name}: the covariate takes one value only (${String(first)})`,
          { column: name },
        );
      }
      terms.push({ covariate: name, term: name, level: null });
      columnsOfValues.push(column.values);
      continue;
    }
    const cells: string[] = [];
    for (let row = 0; row < n; row++) cells.push(cellText(column, row) ?? '');
    const observed = new Set(cells);
    let order: string[];
    if (given !== undefined) {
      if (new Set(given).size !== given.length) {
        throw new InputError(`option levels, covariate ${name}: a level is listed twice`, {
          option: 'levels',
        });
      }
      const known = new Set(given);
      cells.forEach((cell, row) => {
        if (!known.has(cell)) {
          throw new InputError(
            `data "${frame.name}", row ${row + 1}, column ${name}: "${cell}" is not one of the levels ` +
              `given for ${name} (${given.join(', ')})`,
            { row: row + 1, column: name },
          );
        }
      });
      order = [...given];
    } else {
      order = [...observed].sort(compareCodeUnits);
    }
    if (observed.size < 2) {
      throw new InputError(
        `data "${frame.name}", column ${name}: the covariate has one level only ("${cells[0] ?? ''}"); ` +
          'it needs at least two to be compared',
        { column: name, option: 'covariates' },
      );
    }
    levels[name] = order;
    for (const level of order.slice(1)) {
      terms.push({ covariate: name, term: `${name}=${level}`, level });
      columnsOfValues.push(Float64Array.from(cells, (cell) => (cell === level ? 1 : 0)));
    }
  }
  const q = terms.length;
  const values = new Float64Array(n * q);
  columnsOfValues.forEach((columnValues, c) => {
    for (let row = 0; row < n; row++) values[row * q + c] = columnValues[row];
  });
  return { terms, levels, subjectCount: n, values };
}

/** One expanded (transition-specific) design column. */
export interface ExpandedTerm {
  /** Index into CovariateDesign.terms. */
  base: number;
  term: string;
  /** Transition, 0-based. */
  transition: number;
}

/** Expanded columns in term-major order: column index = base * K + transition. */
export function expandedTerms(design: CovariateDesign, transitionCount: number): ExpandedTerm[] {
  const out: ExpandedTerm[] = [];
  design.terms.forEach((baseTerm, base) => {
    for (let k = 0; k < transitionCount; k++) out.push({ base, term: baseTerm.term, transition: k });
  });
  return out;
}

/** The dense expanded design of the long data (mstate expand.covs), row-major rows x (q K). */
export function expandCovariates(long: LongData, design: CovariateDesign): Float64Array {
  const transitionCount = long.transitions.fromState.length;
  const q = design.terms.length;
  const width = q * transitionCount;
  const out = new Float64Array(long.rowCount * width);
  for (let r = 0; r < long.rowCount; r++) {
    const subject = long.subject[r];
    const k = long.transition[r];
    for (let c = 0; c < q; c++) out[r * width + c * transitionCount + k] = design.values[subject * q + c];
  }
  return out;
}

/** The base design row of a profile (values by covariate; numbers for numeric covariates). */
export function profileDesignRow(
  design: CovariateDesign,
  profileName: string,
  values: Record<string, string | number>,
): Float64Array {
  const row = new Float64Array(design.terms.length);
  design.terms.forEach((term, c) => {
    const value = values[term.covariate] as string | number | undefined;
    if (value === undefined) {
      throw new InputError(`option profiles, profile ${profileName}: no value for ${term.covariate}`, {
        option: 'profiles',
      });
    }
    if (term.level === null) {
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number)) {
        throw new InputError(
          `option profiles, profile ${profileName}: ${term.covariate} needs a number, got "${String(value)}"`,
          { option: 'profiles' },
        );
      }
      row[c] = number;
      return;
    }
    const text = String(value);
    if (!design.levels[term.covariate].includes(text)) {
      throw new InputError(
        `option profiles, profile ${profileName}: "${text}" is not a level of ${term.covariate}`,
        { option: 'profiles' },
      );
    }
    row[c] = text === term.level ? 1 : 0;
  });
  return row;
}
