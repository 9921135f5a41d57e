// Bytes to text, chunk by chunk, for CSV/TSV files whose encoding was guessed from the first
// 64 KB. A file can be plain ASCII there and Latin-1 later (the Census Georgia file has its
// first "Bayamón" at byte 131,823), so a UTF-8 guess is checked all the way: UTF-8 is decoded
// with a fatal decoder, and on the first invalid byte
//   - if every byte before was ASCII, the rest is read as Latin-1 (Windows-1252): exact, since
//     ASCII reads the same in both;
//   - otherwise the file mixes encodings; the rest is read as UTF-8 with invalid bytes replaced
//     by U+FFFD, and a warning says so.
// Either way the import's warnings say what happened. Buffer's isAscii makes the check cheap.
import { isAscii } from 'node:buffer';
import { decoderLabel, type TextEncodingName } from './sniff.ts';

export interface DecodeState {
  encoding: TextEncodingName;
  warnings: string[];
}

export class AdaptiveDecoder {
  private decoder: InstanceType<typeof TextDecoder>;
  private checking: boolean;
  private asciiSoFar = true;
  private offset = 0;

  constructor(
    private readonly state: DecodeState,
    forced: boolean,
    private readonly label: string,
  ) {
    this.checking = !forced && state.encoding === 'utf-8';
    this.decoder = new TextDecoder(decoderLabel(state.encoding), { fatal: this.checking });
  }

  decode(chunk: Buffer): string {
    const at = this.offset;
    this.offset += chunk.length;
    if (!this.checking) return this.decoder.decode(chunk, { stream: true });
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      if (this.asciiSoFar && !isAscii(chunk)) this.asciiSoFar = false;
      return text;
    } catch {
      this.checking = false;
      if (this.asciiSoFar) {
        this.state.encoding = 'latin1';
        this.state.warnings.push(
          `${this.label} is not UTF-8 (first at byte ${at + firstNonAscii(chunk)}); read it as Latin-1 (Windows-1252)`,
        );
        this.decoder = new TextDecoder(decoderLabel('latin1'));
      } else {
        this.state.warnings.push(
          `${this.label} mixes UTF-8 with other bytes (from about byte ${at}); those were replaced by \uFFFD`,
        );
        this.decoder = new TextDecoder('utf-8');
      }
      return this.decoder.decode(chunk, { stream: true });
    }
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      this.state.warnings.push(`${this.label} ends in the middle of a UTF-8 character`);
      return '\uFFFD';
    }
  }
}

function firstNonAscii(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) if (chunk[i]! >= 0x80) return i;
  return 0;
}
