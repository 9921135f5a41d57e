// The page's state (Svelte 5 runes): the open project, its datasets and analyses, where the
// analyst is (kept in sessionStorage so a reload comes back to the same place), the error
// banner, the progress of jobs, the theme. Screens read it and call its actions; every action
// is an await on main, so the window never blocks.
import type { ApiEvent, Response } from '../../shared/api.ts';
import type { ApiClient } from './rpc.ts';
import type { Connection, Mode } from './client.ts';
import { addPartialRow, type PartialTable } from './partialTables.ts';

export type ProjectInfo = NonNullable<Response<'project.info'>>;
export type Dataset = Response<'datasets.list'>[number];
export type Analysis = Response<'analyses.list'>[number];
export type Run = Response<'runs.list'>[number];
export type Screen = 'home' | 'data' | 'analyses';

export interface Place {
  screen: Screen;
  dataset?: string;
  analysisId?: number;
  runId?: number;
  /** A kind whose wizard is open for a new analysis. */
  newKind?: string;
  /** Runs of the analysis shown side by side. */
  compare?: number[];
}

export interface JobProgress {
  fraction: number;
  message: string;
  messages: string[];
  /** Rows of tables the engine reported while running (e.g. rnn's training, an epoch a row). */
  partials?: Record<string, PartialTable>;
  finished?: ApiEvent & { type: 'job.finished' };
}

/** A copy of a record without one key. */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

const placeKey = 'pathwise.place';
const themeKey = 'pathwise.theme';

function readPlace(): Place {
  try {
    const saved = JSON.parse(sessionStorage.getItem(placeKey) ?? 'null') as Place | null;
    if (saved && typeof saved.screen === 'string') return saved;
  } catch {
    // A damaged entry means starting at home.
  }
  return { screen: 'home' };
}

export class AppState {
  readonly api: ApiClient;
  readonly mode: Mode;
  readonly token: string | null;

  project = $state<ProjectInfo | null>(null);
  datasets = $state<Dataset[]>([]);
  analyses = $state<Analysis[]>([]);
  place = $state<Place>({ screen: 'home' });
  banner = $state<{ message: string; kind: 'error' | 'info' } | null>(null);
  busy = $state<string | null>(null);
  backend = $state('');
  version = $state('');
  theme = $state<'light' | 'dark'>('light');
  jobs = $state<Record<string, JobProgress>>({});
  connected = $state(false);
  /** analysis id -> the job running it (started from this page). */
  running = $state<Record<number, string>>({});
  /** Bumped when an analysis's runs change, so views reload runs.list. */
  runsVersion = $state(0);

  constructor(connection: Connection) {
    this.api = connection.api;
    this.mode = connection.mode;
    this.token = connection.token;
    this.theme = this.initialTheme();
    this.api.onEvent((event) => this.onEvent(event));
  }

  /** Connects, then shows the project main still has open (a reload) where the analyst was. */
  async start(ready: Promise<void>): Promise<void> {
    try {
      await ready;
      this.connected = true;
      const [info, project] = await Promise.all([
        this.api.invoke('app.info', {}),
        this.api.invoke('project.info', {}),
      ]);
      this.version = info.version;
      this.project = project;
      if (project) {
        await this.refresh();
        this.place = readPlace();
      }
      void this.api.invoke('backend.info', {}).then(
        (b) => (this.backend = b.label),
        () => (this.backend = 'unavailable'),
      );
    } catch (err) {
      this.showError(err);
    }
  }

  /** Moves to a place and remembers it for a reload. */
  go(place: Place): void {
    this.place = place;
    sessionStorage.setItem(placeKey, JSON.stringify(place));
  }

  showError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.banner = { message, kind: 'error' };
  }

  info(message: string): void {
    this.banner = { message, kind: 'info' };
  }

  /** Runs an action with the busy indicator; errors go to the banner. Returns undefined on error. */
  async run<T>(label: string, action: () => Promise<T>): Promise<T | undefined> {
    this.busy = label;
    try {
      return await action();
    } catch (err) {
      this.showError(err);
      return undefined;
    } finally {
      this.busy = null;
    }
  }

  async refresh(): Promise<void> {
    if (!this.project) {
      this.datasets = [];
      this.analyses = [];
      return;
    }
    const [datasets, analyses, project, active] = await Promise.all([
      this.api.invoke('datasets.list', {}),
      this.api.invoke('analyses.list', {}),
      this.api.invoke('project.info', {}),
      this.api.invoke('runs.active', {}),
    ]);
    this.datasets = datasets;
    this.analyses = analyses;
    this.project = project;
    // After a reload, runs started by the previous page are followed (and cancellable) again.
    for (const { jobId, analysisId } of active) {
      if (this.running[analysisId] !== jobId) this.follow(analysisId, jobId);
    }
  }

  /** After a project opened: its contents, then the data screen (or analyses when it has some). */
  async opened(project: ProjectInfo | null): Promise<void> {
    if (!project) return;
    this.banner = null;
    this.project = project;
    await this.refresh();
    this.go({ screen: this.analyses.length > 0 ? 'analyses' : 'data' });
  }

  setTheme(theme: 'light' | 'dark'): void {
    this.theme = theme;
    localStorage.setItem(themeKey, theme);
  }

  private initialTheme(): 'light' | 'dark' {
    const saved = localStorage.getItem(themeKey);
    if (saved === 'light' || saved === 'dark') return saved;
    return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  private onEvent(event: ApiEvent): void {
    if (event.type === 'app.error') {
      this.showError(event.message);
      return;
    }
    if (event.type === 'project.opened') {
      // Main opened a project itself (e.g. a file opened from the OS): show it.
      if (this.project?.path !== event.path)
        void this.api.invoke('project.info', {}).then(
          (info) => this.opened(info),
          (err: unknown) => this.showError(err),
        );
      return;
    }
    const job = this.jobs[event.jobId] ?? { fraction: 0, message: '', messages: [] };
    if (event.type === 'job.progress') {
      job.fraction = event.fraction;
      if (event.message && event.message !== job.message) {
        job.messages = [...job.messages.slice(-199), event.message];
      }
      job.message = event.message;
      if (event.partial) job.partials = addPartialRow(job.partials, event.partial);
    } else job.finished = event;
    this.jobs[event.jobId] = { ...job };
  }

  /**
   * Starts a run of a saved analysis and follows it: when it ends the runs list reloads and,
   * if the analyst is still looking at that analysis, the new run is shown.
   */
  async startRun(analysisId: number): Promise<void> {
    const { jobId } = await this.api.invoke('runs.start', { analysisId });
    this.follow(analysisId, jobId);
  }

  private follow(analysisId: number, jobId: string): void {
    this.running[analysisId] = jobId;
    this.runsVersion++;
    void this.api
      .invoke('runs.wait', { jobId })
      .then(
        (run) => {
          if (run.status === 'failed' && run.error) this.showError(run.error);
          // A cancelled run stays in the list; the analyst keeps looking at the results they had.
          if (this.place.analysisId === analysisId && run.status !== 'cancelled')
            this.go({ ...this.place, runId: run.id });
        },
        (err: unknown) => this.showError(err),
      )
      .finally(() => {
        this.running = without(this.running, String(analysisId));
        this.forgetJob(jobId);
        this.runsVersion++;
        void this.refresh().catch(() => undefined);
      });
  }

  async cancelRun(analysisId: number): Promise<void> {
    const jobId = this.running[analysisId];
    if (!jobId) return;
    try {
      await this.api.invoke('runs.cancel', { jobId });
    } catch (err) {
      this.showError(err);
    }
  }

  forgetJob(jobId: string): void {
    this.jobs = without(this.jobs, jobId);
  }
}
