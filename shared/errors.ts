// Errors that users read. An InputError is the user's to fix (CLI exit 2) and its
// message names the file, row, column or option and what was expected.
export interface InputErrorWhere {
  file?: string;
  row?: number;
  column?: string;
  option?: string;
}

export class InputError extends Error {
  readonly where: InputErrorWhere;
  constructor(message: string, where: InputErrorWhere = {}) {
    super(message);
    this.name = 'InputError';
    this.where = where;
  }
}

/** Raised inside an engine or import when the user cancelled; never shown as a failure. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** "file, row 3, column age: expected a number, got 'n/a'" — the one message shape. */
export function describeWhere(where: InputErrorWhere): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column ${where.column}`);
  if (where.option !== undefined) parts.push(`option ${where.option}`);
  return parts.join(', ');
}

export function inputError(where: InputErrorWhere, what: string): InputError {
  const prefix = describeWhere(where);
  return new InputError(prefix ? `${prefix}: ${what}` : what, where);
}
