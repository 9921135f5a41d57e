// What a cell means: missing, an integer, a number, a date, a boolean or text. One parser per
// type, written as char-code scans rather than regexes because an import runs them on every
// value (12 million calls for a 1M x 12 file). Each returns the stored value or NOT_A,
// never throws. The rules are spelled out in docs/ingest.md.
import type { DataType } from '../../shared/frame.ts';

/** A cell as a reader hands it over: CSV gives strings, XLSX also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null;

/** What goes into SQLite: numbers (booleans as 0/1), ISO text for dates, text, NULL. */
export type Stored = string | number | null;

/** Returned by the parsers when a value does not fit the type. */
export const NOT_A: unique symbol = Symbol('not a value of this type');
export type Parsed<T> = T | typeof NOT_A;

/** Missing-value tokens (exact, after trimming spaces): as R's na.strings plus the usual exports. */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'null', 'NULL', 'NaN', '#N/A'];
const missingSet = new Set(MISSING_TOKENS);

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/** The text without surrounding spaces and tabs; the same string when there are none (no copy). */
export function trimSpaces(s: string): string {
  const n = s.length;
  if (n === 0 || (!isSpace(s.charCodeAt(0)) && !isSpace(s.charCodeAt(n - 1)))) return s;
  return s.trim();
}

export function isMissingText(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  const first = s.charCodeAt(0);
  // every token starts with N, n or #; padded values start with a space or tab
  if (first !== 78 && first !== 110 && first !== 35 && !isSpace(first)) return false;
  if (n > 4 && !isSpace(first) && !isSpace(s.charCodeAt(n - 1))) return false;
  return missingSet.has(trimSpaces(s));
}

export function isMissingCell(c: Cell): boolean {
  if (c === null) return true;
  if (typeof c === 'string') return isMissingText(c);
  if (typeof c === 'number') return Number.isNaN(c);
  return false;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** "1,043" / "-12,345,678": digit groups of three after a first group of one to three. */
const GROUPED_INTEGER = /^[+-]?[1-9]\d{0,2}(,\d{3})+$/;
const GROUPED_NUMBER = /^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;

/**
 * A safe integer written in decimal: optional sign, digits, optional thousands separators.
 * A leading zero ("007", "01001") makes it text: those are codes (FIPS, zip), not quantities;
 * unless the analyst asked for a number (`leadingZeros`).
 */
export function parseIntegerText(raw: string, leadingZeros = false): Parsed<number> {
  const s = trimSpaces(raw);
  const n = s.length;
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  const digits = n - i;
  if (digits <= 0 || digits > 15) return digits > 15 ? parseLongInteger(s, leadingZeros) : NOT_A;
  if (s.charCodeAt(i) === 48 && digits > 1 && !leadingZeros) return NOT_A;
  let value = 0;
  for (; i < n; i++) {
    const code = s.charCodeAt(i);
    if (!isDigit(code)) return code === 44 ? parseGroupedInteger(s) : NOT_A;
    value = value * 10 + (code - 48);
  }
  return negative ? -value || 0 : value;
}

function parseLongInteger(s: string, leadingZeros: boolean): Parsed<number> {
  if (s.indexOf(',') >= 0) return parseGroupedInteger(s);
  if (!(leadingZeros ? /^[+-]?\d+$/ : /^[+-]?[1-9]\d*$/).test(s)) return NOT_A;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : NOT_A;
}

function parseGroupedInteger(s: string): Parsed<number> {
  if (!GROUPED_INTEGER.test(s)) return NOT_A;
  const v = Number(s.replace(/,/g, ''));
  return Number.isSafeInteger(v) ? v : NOT_A;
}

/**
 * A finite decimal number: [sign] digits [. digits] [e [sign] digits], or a leading "." or a
 * thousands-separated integer part. Not hex, not "Infinity", not "1." followed by junk. Like
 * integers, "007" is text unless `leadingZeros`; so is a whole number too long to be exact
 * ("12345678901234567890" is an id, not 1.2345678901234567e19).
 */
export function parseNumberText(raw: string, leadingZeros = false): Parsed<number> {
  const s = trimSpaces(raw);
  const n = s.length;
  let i = 0;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) i = 1;
  const intStart = i;
  let mantissa = 0;
  while (i < n && isDigit(s.charCodeAt(i))) mantissa = mantissa * 10 + (s.charCodeAt(i++) - 48);
  let mantissaDigits = i - intStart;
  let fracDigits = 0;
  if (mantissaDigits > 1 && s.charCodeAt(intStart) === 48 && !leadingZeros) return NOT_A;
  const wholeOnly = i === n;
  if (i < n && s.charCodeAt(i) === 44) return parseGroupedNumber(s);
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const fracStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) mantissa = mantissa * 10 + (s.charCodeAt(i++) - 48);
    fracDigits = i - fracStart;
    mantissaDigits += fracDigits;
  }
  if (mantissaDigits === 0) return NOT_A;
  if (i === n && mantissaDigits <= 15) {
    // both exact doubles, so the quotient is correctly rounded: the same value as Number(s)
    const v = fracDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fracDigits]!;
    return first === 45 ? -v || 0 : v;
  }
  if (i < n && (s.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
    const expStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === expStart) return NOT_A;
  }
  if (i !== n) return NOT_A;
  const v = Number(s);
  if (wholeOnly && !Number.isSafeInteger(v)) return NOT_A;
  return Number.isFinite(v) ? v : NOT_A;
}

function parseGroupedNumber(s: string): Parsed<number> {
  if (!GROUPED_NUMBER.test(s)) return NOT_A;
  const v = Number(s.replace(/,/g, ''));
  return Number.isFinite(v) ? v : NOT_A;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/**
 * An ISO date or date-time, stored as "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS". Accepted:
 * YYYY-MM-DD, YYYY/MM/DD, and either followed by "T" or a space and HH:MM or HH:MM:SS.
 * Time zones and fractions of seconds are not accepted (the value stays text): storing them
 * would either drop information or break the one stored shape.
 */
export function parseDateText(raw: string): Parsed<string> {
  const s = trimSpaces(raw);
  const n = s.length;
  if (n !== 10 && n !== 16 && n !== 19) return NOT_A;
  const sep = s.charCodeAt(4);
  if ((sep !== 45 && sep !== 47) || s.charCodeAt(7) !== sep) return NOT_A;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (y1 < 0 || y2 < 0 || !validDate(y1 * 100 + y2, month, day)) return NOT_A;
  const date = sep === 45 ? s.slice(0, 10) : `${s.slice(0, 4)}-${s.slice(5, 7)}-${s.slice(8, 10)}`;
  if (n === 10) return sep === 45 ? s : date;
  const t = s.charCodeAt(10);
  if ((t !== 84 && t !== 32) || s.charCodeAt(13) !== 58) return NOT_A;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NOT_A;
  if (n === 16) return `${date}T${s.slice(11, 16)}:00`;
  const second = twoDigits(s, 17);
  if (s.charCodeAt(16) !== 58 || second < 0 || second > 59) return NOT_A;
  return sep === 45 && t === 84 ? s : `${date}T${s.slice(11, 19)}`;
}

/** true / false in any letter case; yes/no, 0/1 and t/f are NOT booleans when inferring. */
export function parseBooleanText(raw: string): Parsed<number> {
  const s = trimSpaces(raw);
  if (s.length === 4 && s.toLowerCase() === 'true') return 1;
  if (s.length === 5 && s.toLowerCase() === 'false') return 0;
  return NOT_A;
}

/** When the analyst says "boolean", the usual spellings are accepted too. */
export function parseBooleanOverride(raw: string): Parsed<number> {
  const s = trimSpaces(raw).toLowerCase();
  if (s === 'true' || s === 'yes' || s === '1' || s === 't' || s === 'y') return 1;
  if (s === 'false' || s === 'no' || s === '0' || s === 'f' || s === 'n') return 0;
  return NOT_A;
}

function pad2(v: number): string {
  return v < 10 ? `0${v}` : String(v);
}

/** A JavaScript Date (from XLSX, always UTC there) as the stored ISO text. */
export function dateToIso(d: Date): string {
  const day = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  let seconds = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  if (d.getUTCMilliseconds() >= 500) seconds += 1; // Excel stores times as day fractions
  if (seconds === 0) return day;
  if (seconds >= 86400)
    return dateToIso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)));
  return `${day}T${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

/** A cell as text: for text columns, previews and messages. */
export function cellToText(c: Cell): string | null {
  if (c === null) return null;
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return Number.isNaN(c) ? null : String(c);
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  return dateToIso(c);
}

/**
 * Converts one non-missing cell to the stored value of `type`, or NOT_A. `override` is for a
 * type the analyst chose: leading zeros are then fine and booleans may be yes/no, 1/0, t/f.
 */
export function convertCell(c: Exclude<Cell, null>, type: DataType, override = false): Parsed<Stored> {
  if (typeof c === 'string') {
    switch (type) {
      case 'integer':
        return parseIntegerText(c, override);
      case 'number':
        return parseNumberText(c, override);
      case 'date':
        return parseDateText(c);
      case 'boolean':
        return override ? parseBooleanOverride(c) : parseBooleanText(c);
      case 'text':
        return c;
    }
  }
  if (typeof c === 'number') {
    switch (type) {
      case 'integer':
        return Number.isSafeInteger(c) ? c : NOT_A;
      case 'number':
        return Number.isFinite(c) ? c : NOT_A;
      case 'boolean':
        return override && (c === 0 || c === 1) ? c : NOT_A;
      case 'text':
        return String(c);
      default:
        return NOT_A;
    }
  }
  if (typeof c === 'boolean') {
    if (type === 'boolean') return c ? 1 : 0;
    return type === 'text' ? (c ? 'true' : 'false') : NOT_A;
  }
  if (type === 'date') return dateToIso(c);
  return type === 'text' ? dateToIso(c) : NOT_A;
}

/** The narrowest type a single non-missing cell fits. */
export function classifyCell(c: Exclude<Cell, null>): DataType {
  if (typeof c === 'number') return Number.isSafeInteger(c) ? 'integer' : 'number';
  if (typeof c === 'boolean') return 'boolean';
  if (c instanceof Date) return 'date';
  if (parseIntegerText(c) !== NOT_A) return 'integer';
  if (parseNumberText(c) !== NOT_A) return 'number';
  if (parseDateText(c) !== NOT_A) return 'date';
  if (parseBooleanText(c) !== NOT_A) return 'boolean';
  return 'text';
}

/** What a column becomes when a value of kind `value` meets a column of `column` type. */
export function widen(column: DataType, value: DataType): DataType {
  if (column === value) return column;
  if ((column === 'integer' && value === 'number') || (column === 'number' && value === 'integer'))
    return 'number';
  return 'text';
}

/** "an integer", "a date": for messages. */
export function describeType(t: DataType): string {
  switch (t) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'date':
      return 'a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)';
    case 'boolean':
      return 'true or false';
    case 'text':
      return 'text';
  }
}
