// Streams the records of a CSV/TSV file in batches, each with the physical line (1-based) on
// which it starts. Memory stays bounded: the file is read in 1 MB chunks, decoded chunk by
// chunk with a streaming TextDecoder (decoder.ts), and a line or record longer than MAX_RECORD_CHARS is
// refused as soon as it gets that long.
//
// Parsing is csv-parse's. Lines without a double quote are the one case with nothing to parse
// (a split on the delimiter gives exactly what csv-parse would: no quoting, no escapes, no
// trimming), so they take a fast path; every record that has a quote anywhere, including
// records whose quoted fields span lines, goes to csv-parse, a chunk's worth in one call. The
// fast path halves the reading time (1.6 s instead of 3.4 s for the 99 MB benchmark file, where
// one line in seven has a quoted field; docs/ingest.md); the tests
// run every fixture both ways and compare. This file only has to find where records end, with
// the same quote rules csv-parse applies (a quote opens a field only at its start; "" inside
// quotes is a quote; relax_quotes keeps other quotes as text).
import { createReadStream } from 'node:fs';
import { parse as parseCsv, CsvError, type Options as CsvOptions } from 'csv-parse/sync';
import { inputError, InputError } from '../../shared/errors.ts';
import { MAX_RECORD_CHARS, MAX_RECORD_LABEL, READ_CHUNK_BYTES } from './limits.ts';
import { AdaptiveDecoder, type DecodeState } from './decoder.ts';
import type { Sniffed } from './sniff.ts';

export interface RecordBatch {
  records: string[][];
  /** Physical line on which each record starts (the header is line 1). */
  lines: number[];
  /** Bytes of the file read so far. */
  bytesRead: number;
}

export interface CsvReadOptions {
  /** false sends every record through csv-parse (tests compare both ways). */
  fastPath?: boolean;
  /** The caller named the encoding: no checking, no switching. */
  forcedEncoding?: boolean;
}

function tooLong(label: string, line: number): InputError {
  return inputError(
    { file: label, row: line },
    `a field longer than ${MAX_RECORD_LABEL}; is this really a CSV file?`,
  );
}

/** Turns any csv-parse error into the one message shape; never shows csv-parse's own text. */
function csvParseError(e: unknown, label: string, line: number): InputError {
  if (!(e instanceof CsvError)) return inputError({ file: label, row: line }, 'could not be read as CSV');
  switch (e.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return tooLong(label, line);
    case 'CSV_QUOTE_NOT_CLOSED':
      return inputError({ file: label, row: line }, 'a quoted field that starts here is never closed');
    case 'CSV_INVALID_CLOSING_QUOTE':
      return inputError(
        { file: label, row: line },
        'a quoted field is followed by more text; a quote inside a quoted field must be doubled ("")',
      );
    default:
      return inputError({ file: label, row: line }, `could not be read as CSV (${e.code})`);
  }
}

/** Splits decoded text into records; one instance per file. */
export class RecordSplitter {
  private readonly delimiterCode: number;
  private pending: string[] = [];
  private pendingLength = 0;
  /** Physical line number of the next line to start. */
  private line = 1;
  /** A record with quotes still open at the end of its last line. */
  private open: { parts: string[]; length: number; startLine: number } | null = null;
  // The batch being filled: records (null = slot for a csv-parse result), lines, and the
  // texts of the records csv-parse must parse with the slots they go to.
  private records: (string[] | null)[] = [];
  private lines: number[] = [];
  private slowTexts: string[] = [];
  private slowSlots: number[] = [];
  private readonly csvOptions: CsvOptions;

  constructor(
    private readonly delimiter: string,
    private readonly lineBreak: '\n' | '\r',
    private readonly label: string,
    private readonly fastPath: boolean,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
    this.csvOptions = {
      delimiter,
      record_delimiter: '\n',
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
    };
  }

  /** Feeds the next piece of decoded text. */
  push(text: string): void {
    const parts = text.split(this.lineBreak); // one native call per chunk, not one slice per line
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) {
      let lineText = parts[i]!;
      if (i === 0 && this.pending.length > 0) {
        lineText = this.pending.join('') + lineText;
        this.pending = [];
        this.pendingLength = 0;
      }
      this.onLine(lineText);
    }
    const tail = parts[last]!;
    if (tail.length > 0) {
      this.pending.push(tail);
      this.pendingLength += tail.length;
      if (this.pendingLength > MAX_RECORD_CHARS) throw tooLong(this.label, this.open?.startLine ?? this.line);
    }
  }

  /** At the end of the file: the last line may lack a line break; a quote may still be open. */
  finish(): void {
    if (this.pending.length > 0) {
      const lineText = this.pending.join('');
      this.pending = [];
      this.pendingLength = 0;
      this.onLine(lineText);
    }
    if (this.open) {
      throw inputError(
        { file: this.label, row: this.open.startLine },
        'a quoted field that starts here is never closed',
      );
    }
  }

  /** The records completed so far (csv-parse run on the quoted ones), emptied. */
  take(): { records: string[][]; lines: number[] } {
    if (this.slowTexts.length > 0) this.parseSlow();
    const out = { records: this.records as string[][], lines: this.lines };
    this.records = [];
    this.lines = [];
    return out;
  }

  private onLine(raw: string): void {
    const lineNo = this.line++;
    const lineText =
      this.lineBreak === '\n' && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const open = this.open;
    if (open) {
      open.parts.push(lineText);
      open.length += lineText.length + 1;
      if (open.length > MAX_RECORD_CHARS) throw tooLong(this.label, open.startLine);
      if (!this.endsInsideQuotes(lineText, true)) {
        this.addSlow(open.parts.join('\n'), open.startLine);
        this.open = null;
      }
      return;
    }
    if (lineText.length === 0) return; // empty lines are skipped, as csv-parse's skip_empty_lines
    if (this.fastPath && lineText.indexOf('"') < 0) {
      this.records.push(lineText.split(this.delimiter));
      this.lines.push(lineNo);
      return;
    }
    if (this.endsInsideQuotes(lineText, false)) {
      this.open = { parts: [lineText], length: lineText.length, startLine: lineNo };
    } else {
      this.addSlow(lineText, lineNo);
    }
  }

  private quoteOpen = false;
  private atFieldStart = true;

  /**
   * Scans one line with csv-parse's quote rules and says whether a quoted field is still open
   * at its end (the record then continues on the next line). `continuing` keeps the state of
   * the previous line of the same record.
   */
  private endsInsideQuotes(s: string, continuing: boolean): boolean {
    let inQuotes = continuing ? this.quoteOpen : false;
    let atFieldStart = continuing ? this.atFieldStart : true;
    const d = this.delimiterCode;
    for (let i = 0, n = s.length; i < n; i++) {
      const c = s.charCodeAt(i);
      if (inQuotes) {
        if (c === 34) {
          if (i + 1 < n && s.charCodeAt(i + 1) === 34) i++;
          else inQuotes = false;
        }
      } else if (c === 34 && atFieldStart) {
        inQuotes = true;
        atFieldStart = false;
      } else {
        atFieldStart = c === d;
      }
    }
    this.quoteOpen = inQuotes;
    this.atFieldStart = atFieldStart;
    return inQuotes;
  }

  private addSlow(text: string, line: number): void {
    this.slowSlots.push(this.records.length);
    this.slowTexts.push(text);
    this.records.push(null);
    this.lines.push(line);
  }

  /** Runs csv-parse over the batch's quoted records at once; record by record if counts differ. */
  private parseSlow(): void {
    const texts = this.slowTexts;
    const slots = this.slowSlots;
    this.slowTexts = [];
    this.slowSlots = [];
    let parsed: string[][] | null;
    try {
      parsed = parseCsv(texts.join('\n'), this.csvOptions);
    } catch {
      parsed = null; // find the record at fault below
    }
    if (parsed && parsed.length === texts.length) {
      for (let k = 0; k < slots.length; k++) this.records[slots[k]!] = parsed[k]!;
      return;
    }
    for (let k = 0; k < texts.length; k++) {
      const line = this.lines[slots[k]!]!;
      let one: string[][];
      try {
        one = parseCsv(texts[k]!, this.csvOptions);
      } catch (e) {
        throw csvParseError(e, this.label, line);
      }
      if (one.length !== 1)
        throw inputError({ file: this.label, row: line }, 'could not be read as one CSV record');
      this.records[slots[k]!] = one[0]!;
    }
  }
}

/**
 * Reads `path` from the start and yields its records (the header first) in batches of about
 * one read chunk. Closing the iterator early closes the file.
 */
export async function* readCsvRecords(
  path: string,
  label: string,
  sniffed: Sniffed,
  state: DecodeState,
  options: CsvReadOptions = {},
): AsyncGenerator<RecordBatch> {
  const splitter = new RecordSplitter(sniffed.delimiter, sniffed.lineBreak, label, options.fastPath ?? true);
  const decoder = new AdaptiveDecoder(state, options.forcedEncoding ?? false, label);
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  let bytesRead = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      splitter.push(decoder.decode(chunk));
      const { records, lines } = splitter.take();
      if (records.length > 0) yield { records, lines, bytesRead };
    }
    splitter.push(decoder.end());
    splitter.finish();
    const { records, lines } = splitter.take();
    yield { records, lines, bytesRead };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof InputError || typeof code !== 'string') throw e;
    throw inputError({ file: label }, `cannot read the file (${code})`);
  } finally {
    stream.destroy();
  }
}
