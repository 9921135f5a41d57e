// Every channel between a host (Electron IPC, the loopback WebSocket, the CLI) and main/api.ts:
// its request and response schemas. Hosts parse every payload with these before it reaches
// the implementation, so nothing unvalidated crosses a process boundary.
import { z } from 'zod';
import { resultSchema } from './result.ts';

export const dataTypeSchema = z.enum(['integer', 'number', 'date', 'text', 'boolean']);
export const backendPreferenceSchema = z.enum(['auto', 'gpu', 'cpu', 'wasm', 'js']);

const name = z.string().min(1).max(200);
const id = z.number().int().positive();
const path = z.string().min(1).max(4096);
/** A plain file name chosen in the page (browser mode): no folders, no leading dot, no control characters. */
const fileName = z
  .string()
  .min(1)
  .max(120)
  .refine(
    (n) => !n.startsWith('.') && !/[/\\:*?"<>|]/.test(n) && [...n].every((ch) => ch.charCodeAt(0) >= 0x20),
    'a plain file name, without folders',
  );

export const projectInfoSchema = z.object({
  path: z.string(),
  datasets: z.number().int(),
  analyses: z.number().int(),
  createdAt: z.string().optional(),
});

export const datasetColumnSchema = z.object({ name: z.string(), type: dataTypeSchema, sqlName: z.string() });
export const datasetSchema = z.object({
  id,
  name: z.string(),
  tableName: z.string(),
  source: z.string().nullable(),
  rowCount: z.number().int(),
  columns: z.array(datasetColumnSchema),
  createdAt: z.string(),
});

export const previewSchema = z.object({
  file: z.string(),
  format: z.enum(['csv', 'tsv', 'xlsx']),
  encoding: z.string().optional(),
  delimiter: z.string().optional(),
  sheets: z.array(z.string()).optional(),
  columns: z.array(
    z.object({ name: z.string(), type: dataTypeSchema, missing: z.number(), examples: z.array(z.string()) }),
  ),
  rows: z.array(z.array(z.string().nullable())),
  sampledRows: z.number(),
  warnings: z.array(z.string()),
});

export const importRequestSchema = z.object({
  path,
  name: name.optional(),
  overrides: z.record(z.string(), dataTypeSchema).optional(),
  delimiter: z.string().max(1).optional(),
  encoding: z.enum(['utf-8', 'latin1']).optional(),
  sheet: z.string().optional(),
});

export const analysisSchema = z.object({
  id,
  name: z.string(),
  kind: z.string(),
  inputs: z.record(z.string(), z.string()),
  options: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const runSchema = z.object({
  id,
  analysisId: id,
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  options: z.unknown(),
  inputs: z.record(z.string(), z.string()),
  backend: z.string().nullable(),
  error: z.string().nullable(),
  errorKind: z.enum(['input', 'internal']).nullable(),
  resultVersion: z.number().int().nullable(),
  warnings: z.array(z.string()),
  timings: z.record(z.string(), z.number()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const definitionSummarySchema = z.object({
  kind: z.string(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(['ready', 'coming']),
});

const cell = z.union([z.string(), z.number(), z.null()]);

/** channel name -> { request, response } */
export const channels = {
  'project.create': {
    request: z.object({ path, overwrite: z.boolean().optional() }),
    response: projectInfoSchema,
  },
  'project.open': { request: z.object({ path }), response: projectInfoSchema },
  'project.close': { request: z.object({}), response: z.object({}) },
  'project.saveAs': { request: z.object({ path }), response: projectInfoSchema },
  'project.info': { request: z.object({}), response: projectInfoSchema.nullable() },
  'project.history': {
    request: z.object({ limit: z.number().int().min(1).max(10000).optional() }),
    response: z.array(z.object({ id, at: z.string(), action: z.string(), detail: z.unknown() })),
  },
  'datasets.list': { request: z.object({}), response: z.array(datasetSchema) },
  'datasets.preview': {
    request: importRequestSchema.pick({ path: true, delimiter: true, encoding: true, sheet: true }).extend({
      rows: z.number().int().min(1).max(1000).optional(),
    }),
    response: previewSchema,
  },
  'datasets.import': {
    request: importRequestSchema.extend({ jobId: z.string().min(1).max(100).optional() }),
    response: datasetSchema.extend({ warnings: z.array(z.string()) }),
  },
  'datasets.rows': {
    request: z.object({ name, offset: z.number().int().min(0), limit: z.number().int().min(1).max(10000) }),
    response: z.array(z.array(cell)),
  },
  'datasets.summary': {
    request: z.object({ name }),
    response: z.array(
      z.object({
        name: z.string(),
        type: dataTypeSchema,
        missing: z.number(),
        distinct: z.number(),
        min: cell,
        max: cell,
        mean: z.number().nullable(),
        histogram: z.array(z.number()).nullable(),
      }),
    ),
  },
  'datasets.rename': { request: z.object({ from: name, to: name }), response: z.object({}) },
  'datasets.delete': { request: z.object({ name }), response: z.object({}) },
  'analyses.definitions': { request: z.object({}), response: z.array(definitionSummarySchema) },
  'analyses.list': { request: z.object({}), response: z.array(analysisSchema) },
  'analyses.create': {
    request: z.object({
      name: name.optional(),
      kind: name,
      inputs: z.record(z.string(), z.string()),
      options: z.unknown(),
    }),
    response: analysisSchema,
  },
  'analyses.update': {
    request: z.object({
      id,
      inputs: z.record(z.string(), z.string()).optional(),
      options: z.unknown().optional(),
    }),
    response: analysisSchema,
  },
  'analyses.validate': {
    request: z.object({ kind: name, inputs: z.record(z.string(), z.string()), options: z.unknown() }),
    response: z.object({
      ok: z.boolean(),
      message: z.string().optional(),
      option: z.string().optional(),
      /** What the data checks noticed without refusing (e.g. entries before the previous state's). */
      warnings: z.array(z.string()).optional(),
    }),
  },
  'analyses.rename': { request: z.object({ id, name }), response: analysisSchema },
  'analyses.duplicate': { request: z.object({ id }), response: analysisSchema },
  'analyses.delete': { request: z.object({ id }), response: z.object({}) },
  'runs.list': { request: z.object({ analysisId: id }), response: z.array(runSchema) },
  'runs.start': {
    request: z.object({ analysisId: id, backend: backendPreferenceSchema.optional() }),
    response: z.object({ jobId: z.string() }),
  },
  'runs.wait': { request: z.object({ jobId: z.string() }), response: runSchema },
  /** Runs still going, so that a page that reloaded can follow and cancel them again. */
  'runs.active': {
    request: z.object({}),
    response: z.array(z.object({ jobId: z.string(), analysisId: id })),
  },
  'runs.cancel': { request: z.object({ jobId: z.string() }), response: z.object({ cancelled: z.boolean() }) },
  'runs.result': { request: z.object({ runId: id }), response: resultSchema },
  'runs.delete': { request: z.object({ runId: id }), response: z.object({}) },
  'backend.info': {
    request: z.object({ preference: backendPreferenceSchema.optional() }),
    response: z.object({ name: z.string(), label: z.string(), skipped: z.array(z.string()) }),
  },

  // Channels for the page. Files are chosen in main (a native dialog in Electron; in browser
  // mode a name inside the projects folder, or an uploaded file): the page never sends a path.
  'app.info': {
    request: z.object({}),
    response: z.object({
      mode: z.enum(['electron', 'browser', 'cli']),
      version: z.string(),
      projectsDir: z.string(),
    }),
  },
  'app.recent': {
    request: z.object({}),
    response: z.array(
      z.object({ index: z.number().int(), name: z.string(), path: z.string(), openedAt: z.string() }),
    ),
  },
  'app.projects': {
    request: z.object({}),
    response: z.array(z.object({ name: z.string(), modifiedAt: z.string(), bytes: z.number() })),
  },
  'app.newProject': {
    request: z.object({ name: fileName.optional() }),
    response: projectInfoSchema.nullable(),
  },
  'app.openProject': {
    request: z.object({ recent: z.number().int().min(0).optional(), name: fileName.optional() }),
    response: projectInfoSchema.nullable(),
  },
  'app.openDemo': { request: z.object({}), response: projectInfoSchema },
  'app.saveAs': { request: z.object({ name: fileName.optional() }), response: projectInfoSchema.nullable() },
  'app.chooseDataFile': {
    request: z.object({
      uploadId: z
        .string()
        .regex(/^[0-9a-f]{32}$/)
        .optional(),
    }),
    response: z.object({ fileId: z.string(), name: z.string(), bytes: z.number() }).nullable(),
  },
  'app.saveFile': {
    request: z.object({
      suggestedName: fileName,
      data: z.string().max(200 * 1024 * 1024),
      encoding: z.enum(['utf8', 'base64']),
    }),
    response: z.object({ saved: z.boolean() }),
  },
  'datasets.previewFile': {
    request: z.object({
      fileId: z.string().min(1).max(100),
      rows: z.number().int().min(1).max(1000).optional(),
      delimiter: z.string().max(1).optional(),
      encoding: z.enum(['utf-8', 'latin1']).optional(),
      sheet: z.string().optional(),
    }),
    response: previewSchema,
  },
  'datasets.importFile': {
    request: z.object({
      fileId: z.string().min(1).max(100),
      name: name.optional(),
      overrides: z.record(z.string(), dataTypeSchema).optional(),
      delimiter: z.string().max(1).optional(),
      encoding: z.enum(['utf-8', 'latin1']).optional(),
      sheet: z.string().optional(),
      jobId: z.string().min(1).max(100).optional(),
    }),
    response: datasetSchema.extend({ warnings: z.array(z.string()) }),
  },
} as const;

/**
 * The channels a page may call. The path-taking channels (project.create/open/saveAs,
 * datasets.preview/import) are for the CLI and main only; hosts refuse them from a page.
 */
export const pageChannels: readonly Channel[] = (Object.keys(channels) as Channel[]).filter(
  (c) =>
    !['project.create', 'project.open', 'project.saveAs', 'datasets.preview', 'datasets.import'].includes(c),
);

export type Channel = keyof typeof channels;
export type Request<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type Response<C extends Channel> = z.infer<(typeof channels)[C]['response']>;

/** Events pushed from main to the page. */
export const eventSchema = z.discriminatedUnion('type', [
  /** The open project changed (also when main opened one itself, e.g. a file opened from the OS). */
  z.object({ type: z.literal('project.opened'), path: z.string() }),
  /** Something main did on its own failed; the page shows the message. */
  z.object({ type: z.literal('app.error'), message: z.string() }),
  z.object({
    type: z.literal('job.progress'),
    jobId: z.string(),
    fraction: z.number(),
    message: z.string(),
    /** A row of a table the engine reports while it runs (e.g. an epoch of training). */
    partial: z
      .object({
        table: z.string(),
        columns: z.array(z.string()),
        row: z.array(z.union([z.number(), z.string(), z.null()])),
      })
      .optional(),
  }),
  z.object({
    type: z.literal('job.finished'),
    jobId: z.string(),
    status: z.enum(['done', 'failed', 'cancelled']),
    runId: z.number().int().optional(),
    error: z.string().optional(),
  }),
]);
export type ApiEvent = z.infer<typeof eventSchema>;
