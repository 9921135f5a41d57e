// The one implementation of every channel in shared/api.ts. The hosts (Electron IPC, the
// loopback WebSocket, the CLI) only adapt it: they pass payloads to `invoke`, which parses
// them with the channel's schema, and forward the events it emits.
import { basename, extname, join } from 'node:path';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { cliHostServices, type HostServices } from './hostServices.ts';
import { readRecent, rememberRecent } from './recent.ts';
import { createDemoProject } from './demo/createDemo.ts';
import { randomUUID } from 'node:crypto';
import { channels, type ApiEvent, type Channel, type Request, type Response } from '../shared/api.ts';
import { analysisDefinitions, findDefinition } from '../shared/analyses/index.ts';
import { InputError } from '../shared/errors.ts';
import { formatOptionIssues } from '../shared/analyses/define.ts';
import { ProjectFile } from './project/projectFile.ts';
import { listHistory } from './project/history.ts';
import {
  deleteDataset,
  findDataset,
  listDatasets,
  readRows,
  renameDataset,
  summarizeDataset,
  uniqueDatasetName,
} from './project/datasets.ts';
import {
  createAnalysis,
  deleteAnalysis,
  duplicateAnalysis,
  getAnalysis,
  listAnalyses,
  renameAnalysis,
  updateAnalysis,
} from './project/analyses.ts';
import { deleteRun, getRun, listRuns, loadResult } from './project/runs.ts';
import { importFile, previewFile } from './ingest/index.ts';
import type { ImportOptions } from './ingest/types.ts';
import { checkAnalysisData, runAnalysis } from './jobs/runAnalysis.ts';
import type { JobLauncher } from './jobs/runJob.ts';
import { selectBackend } from './engines/common/backend.ts';

type Handler<C extends Channel> = (
  request: Response<C> extends never ? never : ParsedRequest<C>,
) => Promise<Response<C>>;
type ParsedRequest<C extends Channel> = import('zod').infer<(typeof channels)[C]['request']>;
type Handlers = { [C in Channel]: Handler<C> };

interface ActiveJob {
  controller: AbortController;
  done: Promise<number | undefined>;
  /** Set for analysis runs (imports have none). */
  analysisId?: number;
}

const APP_VERSION = '0.1.0';

export class PathwiseApi {
  private project: ProjectFile | undefined;
  /** Files the host chose for import, by opaque id: the page never sees or sends a path. */
  private readonly chosenFiles = new Map<string, string>();

  constructor(
    private readonly host: HostServices = cliHostServices(join(homedir(), '.pathwise')),
    /** What carries engine jobs: worker threads unless a host passes another (Electron: utility processes). */
    private readonly jobCarrier: { launcher?: JobLauncher } = {},
  ) {}
  private readonly jobs = new Map<string, ActiveJob>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  /** Validates a payload against its channel's schema and runs the channel. */
  async invoke<C extends Channel>(channel: C, payload: Request<C>): Promise<Response<C>> {
    const spec = channels[channel];
    if (!spec) throw new InputError(`unknown channel "${String(channel)}"`);
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) throw new InputError(`${channel}: ${formatOptionIssues(parsed.error)}`);
    const handler = this.handlers[channel] as (r: unknown) => Promise<Response<C>>;
    return handler(parsed.data);
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The open project, for the CLI (which runs in the same process). */
  get current(): ProjectFile {
    if (!this.project) throw new InputError('no project is open');
    return this.project;
  }

  async shutdown(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
    this.project?.close();
    this.project = undefined;
  }

  /** Shows a message in the window for something main did on its own (e.g. opening a file from the OS). */
  reportError(message: string): void {
    this.emit({ type: 'app.error', message });
  }

  private emit(event: ApiEvent): void {
    for (const l of this.listeners) l(event);
  }

  private info(): Response<'project.info'> {
    if (!this.project) return null;
    const db = this.project.db;
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      path: this.project.path,
      datasets: count('datasets'),
      analyses: count('analyses'),
      createdAt: this.project.meta('created_at'),
    };
  }

  private async switchTo(next: () => ProjectFile): Promise<Response<'project.open'>> {
    if (this.jobs.size) throw new InputError('an analysis is still running: wait for it or cancel it first');
    const opened = next();
    this.project?.close();
    this.project = opened;
    if (this.host.mode !== 'cli') rememberRecent(this.host.dataDir, opened.path);
    const info = this.info()!;
    this.emit({ type: 'project.opened', path: info.path });
    return info;
  }

  private chosenFile(fileId: string): string {
    const path = this.chosenFiles.get(fileId);
    if (!path) throw new InputError('that file is no longer available: choose it again');
    return path;
  }

  private async importChosen(
    path: string,
    r: Partial<ImportOptions> & { jobId?: string },
  ): Promise<Response<'datasets.import'>> {
    const db = this.current.db;
    const base = r.name ?? basename(path, extname(path));
    if (r.name && findDataset(db, r.name)) throw new InputError(`a dataset named "${r.name}" already exists`);
    const controller = new AbortController();
    const key = r.jobId ?? randomUUID();
    const done = importFile(
      db,
      path,
      {
        name: r.name ?? uniqueDatasetName(db, base),
        overrides: r.overrides,
        delimiter: r.delimiter,
        encoding: r.encoding,
        sheet: r.sheet,
      },
      {
        signal: controller.signal,
        onProgress: (p) =>
          this.emit({
            type: 'job.progress',
            jobId: key,
            fraction: p.fraction,
            message: `${p.rows} rows read`,
          }),
      },
    );
    this.jobs.set(key, {
      controller,
      done: done.then(
        () => undefined,
        () => undefined,
      ),
    });
    try {
      const info = await done;
      const record = findDataset(db, info.name)!;
      return { ...record, warnings: info.warnings };
    } finally {
      this.jobs.delete(key);
    }
  }

  private readonly handlers: Handlers = {
    'project.create': async ({ path, overwrite }) =>
      this.switchTo(() => ProjectFile.create(path, { overwrite })),
    'project.open': async ({ path }) => {
      if (this.project && this.project.path === path) return this.info()!;
      return this.switchTo(() => ProjectFile.open(path));
    },
    'project.close': async () => {
      if (this.jobs.size)
        throw new InputError('an analysis is still running: wait for it or cancel it first');
      this.project?.close();
      this.project = undefined;
      return {};
    },
    'project.saveAs': async ({ path }) => {
      this.current.saveAs(path);
      return this.info()!;
    },
    'project.info': async () => this.info(),
    'project.history': async ({ limit }) => listHistory(this.current.db, limit),

    'datasets.list': async () => listDatasets(this.current.db),
    'datasets.preview': async (r) => previewFile(r.path, r),
    'datasets.import': async (r) => this.importChosen(r.path, r),
    'datasets.rows': async ({ name, offset, limit }) => readRows(this.current.db, name, offset, limit),
    'datasets.summary': async ({ name }) => summarizeDataset(this.current.db, name),
    'datasets.rename': async ({ from, to }) => {
      renameDataset(this.current.db, from, to);
      return {};
    },
    'datasets.delete': async ({ name }) => {
      deleteDataset(this.current.db, name);
      return {};
    },

    'analyses.definitions': async () =>
      analysisDefinitions.map((d) => ({
        kind: d.kind,
        title: d.title,
        summary: d.summary,
        status: d.status,
      })),
    'analyses.list': async () => listAnalyses(this.current.db),
    'analyses.create': async ({ name, kind, inputs, options }) => {
      const def = findDefinition(kind);
      if (!def) throw new InputError(`unknown analysis kind "${kind}"`);
      return createAnalysis(this.current.db, { name: name ?? def.title, kind, inputs, options });
    },
    'analyses.update': async ({ id, inputs, options }) =>
      updateAnalysis(this.current.db, id, { inputs, options }),
    'analyses.validate': async ({ kind, inputs, options }) => {
      const def = findDefinition(kind);
      if (!def) return { ok: false, message: `unknown analysis kind "${kind}"` };
      try {
        const { warnings } = checkAnalysisData(this.current.db, def, inputs, options);
        return warnings.length > 0 ? { ok: true, warnings } : { ok: true };
      } catch (err) {
        if (err instanceof InputError) return { ok: false, message: err.message, option: err.where.option };
        throw err;
      }
    },
    'analyses.rename': async ({ id, name }) => renameAnalysis(this.current.db, id, name),
    'analyses.duplicate': async ({ id }) => duplicateAnalysis(this.current.db, id),
    'analyses.delete': async ({ id }) => {
      deleteAnalysis(this.current.db, id);
      return {};
    },

    'runs.list': async ({ analysisId }) => listRuns(this.current.db, analysisId),
    'runs.start': async ({ analysisId, backend }) => {
      const db = this.current.db;
      getAnalysis(db, analysisId);
      const jobId = randomUUID();
      const controller = new AbortController();
      const job: ActiveJob = { controller, done: Promise.resolve(undefined), analysisId };
      job.done = runAnalysis(db, analysisId, {
        backend,
        launcher: this.jobCarrier.launcher,
        signal: controller.signal,
        onProgress: (fraction, message, partial) =>
          this.emit(
            partial
              ? { type: 'job.progress', jobId, fraction, message, partial }
              : { type: 'job.progress', jobId, fraction, message },
          ),
      }).then(
        ({ run, error }) => {
          const status = run.status === 'running' ? 'failed' : run.status;
          this.emit({ type: 'job.finished', jobId, status, runId: run.id, error: error?.message });
          return run.id;
        },
        (err: unknown) => {
          this.emit({ type: 'job.finished', jobId, status: 'failed', error: (err as Error).message });
          throw err;
        },
      );
      job.done.catch(() => undefined).finally(() => this.jobs.delete(jobId));
      this.jobs.set(jobId, job);
      this.finished.set(jobId, job.done);
      return { jobId };
    },
    'runs.wait': async ({ jobId }) => {
      const done = this.finished.get(jobId);
      if (!done) throw new InputError(`no job ${jobId}`);
      const runId = await done;
      this.finished.delete(jobId);
      if (runId === undefined) throw new InputError(`job ${jobId} made no run`);
      return getRun(this.current.db, runId);
    },
    'runs.active': async () =>
      [...this.jobs.entries()].flatMap(([jobId, job]) =>
        job.analysisId === undefined ? [] : [{ jobId, analysisId: job.analysisId }],
      ),
    'runs.cancel': async ({ jobId }) => {
      const job = this.jobs.get(jobId);
      if (!job) return { cancelled: false };
      job.controller.abort();
      await job.done.catch(() => undefined);
      return { cancelled: true };
    },
    'runs.result': async ({ runId }) => {
      const db = this.current.db;
      const run = getRun(db, runId);
      const { artifacts: _artifacts, ...result } = loadResult(
        db,
        runId,
        getAnalysis(db, run.analysisId).kind,
      );
      return result;
    },
    'runs.delete': async ({ runId }) => {
      deleteRun(this.current.db, runId);
      return {};
    },
    'backend.info': async ({ preference }) => {
      const b = await selectBackend(preference ?? 'auto');
      return { name: b.name, label: b.label, skipped: b.skipped };
    },

    'app.info': async () => ({ mode: this.host.mode, version: APP_VERSION, projectsDir: this.projectsDir() }),
    'app.recent': async () => readRecent(this.host.dataDir).map((r, index) => ({ index, ...r })),
    'app.projects': async () => {
      const dir = this.projectsDir();
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => f.endsWith('.pathwise'))
        .map((f) => {
          const st = statSync(join(dir, f));
          return { name: f, modifiedAt: st.mtime.toISOString(), bytes: st.size };
        })
        .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
    },
    'app.newProject': async ({ name }) => {
      const path = await this.host.chooseNewProject('Untitled.pathwise', name);
      if (!path) return null;
      if (this.project && path === this.project.path) {
        throw new InputError(`${basename(path)} is the project open now: choose another name`);
      }
      return this.switchTo(() => ProjectFile.create(path, { overwrite: this.host.confirmsOverwrite }));
    },
    'app.openProject': async ({ recent, name }) => {
      let path: string | undefined;
      if (recent !== undefined) {
        path = readRecent(this.host.dataDir)[recent]?.path;
        if (!path) throw new InputError('that recent project is no longer there');
      } else path = await this.host.chooseProjectToOpen(name);
      if (!path) return null;
      if (this.project?.path === path) return this.info()!;
      return this.switchTo(() => ProjectFile.open(path));
    },
    'app.openDemo': async () => {
      mkdirSync(this.host.dataDir, { recursive: true });
      const path = join(this.host.dataDir, 'Demo.pathwise');
      if (this.project?.path === path) return this.info()!;
      if (!existsSync(path)) {
        if (this.jobs.size)
          throw new InputError('an analysis is still running: wait for it or cancel it first');
        this.project?.close();
        this.project = undefined;
        await createDemoProject(this, path, () => undefined);
        rememberRecent(this.host.dataDir, path);
        return this.info()!;
      }
      return this.switchTo(() => ProjectFile.open(path));
    },
    'app.saveAs': async ({ name }) => {
      const path = await this.host.chooseSaveAs(basename(this.current.path), name);
      if (!path) return null;
      this.current.saveAs(path);
      if (this.host.mode !== 'cli') rememberRecent(this.host.dataDir, path);
      return this.info()!;
    },
    'app.chooseDataFile': async ({ uploadId }) => {
      const path = await this.host.chooseDataFile(uploadId);
      if (!path) return null;
      const fileId = randomUUID();
      this.chosenFiles.set(fileId, path);
      return { fileId, name: basename(path), bytes: statSync(path).size };
    },
    'app.saveFile': async ({ suggestedName, data, encoding }) => ({
      saved: await this.host.saveFile(suggestedName, new Uint8Array(Buffer.from(data, encoding))),
    }),
    'datasets.previewFile': async ({ fileId, ...r }) => previewFile(this.chosenFile(fileId), r),
    'datasets.importFile': async ({ fileId, ...r }) => {
      const path = this.chosenFile(fileId);
      return this.importChosen(path, r);
    },
  };

  private projectsDir(): string {
    return join(this.host.dataDir, 'projects');
  }

  private readonly finished = new Map<string, Promise<number | undefined>>();
}
