// A first look at a text file, from its first 64 KB: is it text at all, which encoding, which
// field delimiter, which line ending. Everything here works on that sample only, so the cost
// does not grow with the file.
//   encoding   UTF-8 BOM -> UTF-8 (BOM skipped); valid UTF-8 (TextDecoder fatal) -> UTF-8;
//              anything else -> Latin-1, read as Windows-1252 (what "Latin-1" exports really are).
//   binary     a NUL byte, or more than 1% control characters, is not text.
//   delimiter  of , ; TAB |, the one that splits the sample's records (outside quotes) into the
//              same number of fields most consistently, then the most fields.
import { open } from 'node:fs/promises';
import { inputError } from '../../shared/errors.ts';
import { SNIFF_BYTES } from './limits.ts';

export type TextEncodingName = 'utf-8' | 'latin1';

export interface Sniffed {
  encoding: TextEncodingName;
  /** The TextDecoder label for the encoding. */
  decoderLabel: string;
  bom: boolean;
  delimiter: string;
  /** Physical line separator: "\n" (also for CRLF files; the CR is dropped) or "\r" (old Mac). */
  lineBreak: '\n' | '\r';
  /** Size of the whole file in bytes. */
  size: number;
  warnings: string[];
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export function decoderLabel(encoding: TextEncodingName): string {
  return encoding === 'utf-8' ? 'utf-8' : 'windows-1252';
}

export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : `'${d}'`;
}

/** Reads the first SNIFF_BYTES of a file. */
export async function readHead(path: string, label: string): Promise<{ head: Buffer; size: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw inputError(
      { file: label },
      `cannot open the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw inputError({ file: label }, 'not a regular file');
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, st.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { head: head.subarray(0, bytesRead), size: st.size };
  } finally {
    await handle.close();
  }
}

/** Throws "x.csv: not a text (CSV) file" when the sample is binary junk. */
export function assertText(head: Buffer, label: string, kind: string): void {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4)
    throw inputError({ file: label }, `not a text (${kind}) file; it looks like an XLSX or ZIP file`);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw inputError(
      { file: label },
      `a UTF-16 text file; save it as UTF-8 (or Latin-1) ${kind} and import it again`,
    );
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) throw inputError({ file: label }, `not a text (${kind}) file`);
    if ((b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) || b === 127) control++;
  }
  if (control > head.length * 0.01) throw inputError({ file: label }, `not a text (${kind}) file`);
}

export function detectEncoding(head: Buffer): { encoding: TextEncodingName; bom: boolean } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bom: true };
  try {
    // stream: true so that a character cut at the end of the sample is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'latin1', bom: false };
  }
}

/**
 * Field counts per record of the sample for one candidate delimiter, outside double quotes.
 * Records may span lines inside quotes. The last record is dropped when the sample was cut.
 */
function fieldCounts(text: string, delimiter: string, complete: boolean): number[] {
  const counts: number[] = [];
  const d = delimiter.charCodeAt(0);
  let inQuotes = false;
  let fields = 1;
  let atFieldStart = true;
  let nonEmpty = false;
  for (let i = 0; i < text.length && counts.length < 200; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === 34 && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      nonEmpty = true;
    } else if (c === d) {
      fields++;
      atFieldStart = true;
      nonEmpty = true;
    } else if (c === 10 || c === 13) {
      if (nonEmpty) counts.push(fields);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      fields = 1;
      atFieldStart = true;
      nonEmpty = false;
    } else {
      atFieldStart = false;
      nonEmpty = true;
    }
  }
  if (complete && nonEmpty && !inQuotes) counts.push(fields);
  return counts;
}

/** Picks the delimiter; `preferred` (from the extension) wins ties and files of one column. */
export function detectDelimiter(text: string, complete: boolean, preferred: string): string {
  let best = preferred;
  let bestScore = -1;
  let bestFields = 0;
  const order = [preferred, ...DELIMITERS.filter((d) => d !== preferred)];
  for (const d of order) {
    const counts = fieldCounts(text, d, complete);
    if (counts.length === 0) continue;
    const header = counts[0]!;
    if (header < 2) continue;
    const agree = counts.filter((c) => c === header).length / counts.length;
    if (agree > bestScore + 1e-9 || (Math.abs(agree - bestScore) <= 1e-9 && header > bestFields)) {
      best = d;
      bestScore = agree;
      bestFields = header;
    }
  }
  return best;
}

export function detectLineBreak(text: string): '\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  return cr >= 0 && (lf < 0 || (lf !== cr + 1 && cr < lf)) ? '\r' : '\n';
}

/** Everything a CSV/TSV reader needs to know before it starts, from the file's first 64 KB. */
export async function sniffText(
  path: string,
  label: string,
  preferredDelimiter: string,
  forced: { delimiter?: string; encoding?: TextEncodingName },
): Promise<Sniffed> {
  const { head, size } = await readHead(path, label);
  const kind = preferredDelimiter === '\t' ? 'TSV' : 'CSV';
  const complete = head.length === size;
  const bomOnly = head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (size === 0 || (complete && (bomOnly || head.toString('latin1').trim() === '')))
    throw inputError({ file: label }, 'the file is empty');
  assertText(head, label, kind);
  const warnings: string[] = [];
  const detected = detectEncoding(head);
  const encoding = forced.encoding ?? detected.encoding;
  if (!forced.encoding && encoding === 'latin1')
    warnings.push(`${label} is not UTF-8; read it as Latin-1 (Windows-1252)`);
  const bom = detected.bom && encoding === 'utf-8';
  const text = new TextDecoder(decoderLabel(encoding)).decode(head);
  let delimiter = forced.delimiter;
  if (delimiter !== undefined) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw inputError({ file: label, option: 'delimiter' }, `expected one character, got '${delimiter}'`);
  } else {
    delimiter = detectDelimiter(text, complete, preferredDelimiter);
  }
  return {
    encoding,
    decoderLabel: decoderLabel(encoding),
    bom,
    delimiter,
    lineBreak: detectLineBreak(text),
    size,
    warnings,
  };
}
