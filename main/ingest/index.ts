// main/ingest: streamed, typed import of CSV/TSV and XLSX files into the project database,
// with a preview, progress, cancel and errors that name file, row and column. The rules
// (missing values, inference, widening, limits) are in docs/ingest.md.
export { importFile } from './importFile.ts';
export { previewFile } from './preview.ts';
export { dropStaleImports } from './store.ts';
export { MISSING_TOKENS } from './cells.ts';
export type {
  ColumnPreview,
  DatasetInfo,
  FileFormat,
  ImportHooks,
  ImportOptions,
  ImportProgress,
  Preview,
  PreviewOptions,
  ReadOptions,
  TextEncodingName,
} from './types.ts';
