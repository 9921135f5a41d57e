// The numbers that bound an import: how much is sampled, how big a record may be, how much
// is read and written at a time. Kept in one place so docs/ingest.md and the code agree.

/** Bytes read from the start of a text file to detect encoding, binary junk and the delimiter. */
export const SNIFF_BYTES = 64 * 1024;

/** Type inference looks at the first SAMPLE_ROWS data rows, or fewer if they exceed SAMPLE_BYTES. */
export const SAMPLE_ROWS = 10_000;
export const SAMPLE_BYTES = 4 * 1024 * 1024;

/** A record (or a single line) longer than this many characters is refused: it is not a CSV file. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;
export const MAX_RECORD_LABEL = '16 MB';

/**
 * Bytes read from disk at a time. Small on purpose: the strings of one chunk's records then die
 * young in V8's nursery; with 1 MB chunks garbage collection took half the import's time.
 */
export const READ_CHUNK_BYTES = 64 * 1024;

/** Converted rows are written in one transaction per this many bytes of file (or rows of XLSX). */
export const WRITE_CHUNK_BYTES = 1024 * 1024;
export const WRITE_CHUNK_ROWS = 10_000;

/** XLSX rows handed to the writer at a time (one transaction each). */
export const XLSX_BATCH_ROWS = 5_000;

/** Rows per multi-row INSERT statement, bounded so that a statement binds at most this many values. */
export const INSERT_MAX_ROWS = 50;
export const INSERT_MAX_PARAMS = 1_000;

/** Preview: rows returned by default. */
export const PREVIEW_ROWS = 100;
export const PREVIEW_EXAMPLES = 5;
