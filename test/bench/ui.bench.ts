// UI benchmark (issue 4): Chromium (playwright-core) against `pathwise serve`.
//   - time to first paint of the home screen (first-contentful-paint, and the moment the home
//     actions are in the DOM);
//   - time to first paint of a results screen with 10 charts (three runs compared side by side:
//     k-means 3 + DBSCAN 4 + Ward 3), to the renderer's `pathwise:results-ready` mark;
//   - scrolling a 1,000,000-row dataset in the virtual grid: frames per second while the page
//     scrolls itself every animation frame, and the frames longer than 50 ms.
// The million-row CSV and the project are kept in bench-out/ (git-ignored) and reused.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { launchChromium, repoRoot, startServe, writeCustomersCsv, type Served } from '../e2e/harness.ts';

// The page's globals as the functions given to page.evaluate / addInitScript use them (this is
// a Node file: the project's TypeScript has no DOM types, and these stay local to the module).
interface PageElement {
  scrollTop: number;
  textContent: string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
}
declare const sessionStorage: { setItem(key: string, value: string): void };
declare const document: PageElement;
declare function requestAnimationFrame(callback: (now: number) => void): number;

const out = join(repoRoot, 'bench-out', 'ui');
const dataDir = join(out, 'data');
const millionCsv = join(out, 'customers-1m.csv');
const smallCsv = join(out, 'customers-5k.csv');
const projectName = 'UI bench.pathwise';

/** A node-side client of the host's WebSocket API (as the page speaks it). */
class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: { message: string };
      };
      if (typeof m.id !== 'number') return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(m.error?.message ?? 'error'));
    });
  }
  static async connect(served: Served): Promise<HostClient> {
    const token = new URL(served.url).searchParams.get('token')!;
    const socket = new WebSocket(`ws://${new URL(served.url).host}/api?token=${token}`, {
      headers: { Origin: served.origin },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new HostClient(socket);
  }
  invoke<T>(channel: string, payload: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, channel, payload }));
    });
  }
  close(): void {
    this.socket.close();
  }
}

async function importFile(served: Served, client: HostClient, path: string, name: string): Promise<void> {
  const token = new URL(served.url).searchParams.get('token')!;
  const res = await fetch(`${served.origin}/upload`, {
    method: 'POST',
    headers: {
      Origin: served.origin,
      'X-Pathwise-Token': token,
      'X-File-Name': encodeURIComponent(name + '.csv'),
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(statSync(path).size),
    },
    body: readFileSync(path),
  });
  if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const { uploadId } = (await res.json()) as { uploadId: string };
  const file = await client.invoke<{ fileId: string }>('app.chooseDataFile', { uploadId });
  await client.invoke('datasets.importFile', { fileId: file.fileId, name, overrides: { tenure: 'number' } });
}

interface Prepared {
  analysisId: number;
  runIds: number[];
}

/** The project: a 5,000-row table with three runs of one analysis, and the million-row table. */
async function prepare(served: Served, client: HostClient): Promise<Prepared> {
  const projects = await client.invoke<{ name: string }[]>('app.projects', {});
  if (projects.some((p) => p.name === projectName))
    await client.invoke('app.openProject', { name: projectName });
  else await client.invoke('app.newProject', { name: projectName });
  const datasets = await client.invoke<{ name: string }[]>('datasets.list', {});
  if (!datasets.some((d) => d.name === 'customers5k'))
    await importFile(served, client, smallCsv, 'customers5k');
  if (!datasets.some((d) => d.name === 'million')) await importFile(served, client, millionCsv, 'million');
  const analyses = await client.invoke<{ id: number; name: string }[]>('analyses.list', {});
  let analysis = analyses.find((a) => a.name === 'Ten charts');
  if (!analysis) {
    const columns = ['spend', 'visits', 'tenure'];
    analysis = await client.invoke<{ id: number; name: string }>('analyses.create', {
      name: 'Ten charts',
      kind: 'cluster',
      inputs: { data: 'customers5k' },
      options: { columns, standardize: true, method: 'kmeans', k: 3 },
    });
    for (const options of [
      { columns, standardize: true, method: 'kmeans', k: 3 },
      { columns, standardize: true, method: 'dbscan', min_pts: 10 },
      { columns, standardize: true, method: 'hierarchical', k: 3 },
    ]) {
      await client.invoke('analyses.update', { id: analysis.id, options });
      const { jobId } = await client.invoke<{ jobId: string }>('runs.start', { analysisId: analysis.id });
      await client.invoke('runs.wait', { jobId });
    }
  }
  const runs = await client.invoke<{ id: number; status: string }[]>('runs.list', {
    analysisId: analysis.id,
  });
  return {
    analysisId: analysis.id,
    runIds: runs
      .filter((r) => r.status === 'done')
      .map((r) => r.id)
      .slice(0, 3),
  };
}

export async function benchUi(): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  const lines: string[] = [];
  if (!existsSync(millionCsv)) {
    const t = performance.now();
    await writeCustomersCsv(millionCsv, 1_000_000);
    lines.push(`generated ${millionCsv} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(smallCsv)) await writeCustomersCsv(smallCsv, 5_000);
  const served = await startServe(dataDir);
  const browser = await launchChromium();
  try {
    const client = await HostClient.connect(served);
    const t = performance.now();
    const prepared = await prepare(served, client);
    lines.push(`project ready in ${((performance.now() - t) / 1000).toFixed(1)} s (reused when it exists)`);
    client.close();

    // Home: a fresh page (its own sessionStorage: it starts at home).
    const homeContext = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const home = await homeContext.newPage();
    const homeStart = Date.now();
    await home.goto(served.url);
    await home.getByRole('button', { name: 'Open demo project' }).waitFor();
    const homeReady = Date.now() - homeStart;
    const homeFcp = await home.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    lines.push(`home: first contentful paint ${homeFcp.toFixed(0)} ms, actions on screen ${homeReady} ms`);
    await homeContext.close();

    // Results with 10 charts: three runs compared (the place is set before the page loads).
    const resultsContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await resultsContext.addInitScript(
      (place: string) => sessionStorage.setItem('pathwise.place', place),
      JSON.stringify({
        screen: 'analyses',
        analysisId: prepared.analysisId,
        compare: prepared.runIds,
      }),
    );
    const results = await resultsContext.newPage();
    await results.goto(served.url);
    await results.waitForFunction(
      () => performance.getEntriesByName('pathwise:results-ready').length >= 3,
      null,
      {
        timeout: 60_000,
        polling: 50,
      },
    );
    const marks = await results.evaluate(() => ({
      ready: Math.max(...performance.getEntriesByName('pathwise:results-ready').map((e) => e.startTime)),
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      charts: document.querySelectorAll('[data-chart]').length,
    }));
    lines.push(
      `results with ${marks.charts} charts: first contentful paint ${marks.fcp.toFixed(0)} ms, all charts drawn ${marks.ready.toFixed(0)} ms`,
    );
    await resultsContext.close();

    // Grid: a million rows, scrolled programmatically every animation frame for 5 s.
    const gridContext = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    await gridContext.addInitScript(
      (place: string) => sessionStorage.setItem('pathwise.place', place),
      JSON.stringify({
        screen: 'data',
        dataset: 'million',
      }),
    );
    // tsx keeps function names with a `__name` helper that the page does not have.
    await gridContext.addInitScript('globalThis.__name = (f) => f;');
    const grid = await gridContext.newPage();
    await grid.goto(served.url);
    await grid.getByTestId('grid-viewport').getByText('C1', { exact: true }).waitFor({ timeout: 60_000 });
    for (const [label, pixelsPerFrame] of [
      ['steady scroll, 240 px a frame', 240],
      ['fast scroll, 1,500 px a frame', 1500],
    ] as const) {
      const scroll = await grid.evaluate(async (pixelsPerFrame: number) => {
        const viewport = document.querySelector('[data-testid=grid-viewport]')!;
        const frames: number[] = [];
        const duration = 5000;
        return new Promise<{ frames: number[]; rows: number; end: number; domRows: number }>((resolve) => {
          const start = performance.now();
          let last = start;
          let domRows = 0;
          const step = (now: number) => {
            frames.push(now - last);
            last = now;
            viewport.scrollTop += pixelsPerFrame;
            domRows = Math.max(domRows, viewport.querySelectorAll('[role=row]').length);
            if (now - start < duration) requestAnimationFrame(step);
            else
              resolve({
                frames: frames.slice(1),
                rows: Number(
                  viewport.querySelector('[role=row]:last-child [role=rowheader]')?.textContent ?? 0,
                ),
                end: viewport.scrollTop,
                domRows,
              });
          };
          requestAnimationFrame(step);
        });
      }, pixelsPerFrame);
      const total = scroll.frames.reduce((a, b) => a + b, 0);
      const fps = (scroll.frames.length / total) * 1000;
      const long = scroll.frames.filter((f) => f > 50).length;
      const worst = Math.max(...scroll.frames);
      lines.push(
        `grid, 1,000,000 rows, ${label}: ${fps.toFixed(1)} fps over ${scroll.frames.length} frames (target 60), ` +
          `${long} frames over 50 ms (target 0), worst ${worst.toFixed(1)} ms; ` +
          `at most ${scroll.domRows} rows in the DOM; reached row ${scroll.rows.toLocaleString('en')}`,
      );
    }
    await gridContext.close();
  } finally {
    await browser.close();
    await served.stop();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await benchUi()) console.log(line);
