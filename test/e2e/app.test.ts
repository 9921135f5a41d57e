// End to end: Chromium (playwright-core) against `pathwise serve`. An analyst creates a
// project, imports a CSV (preview, a type override), runs the cluster wizard (a validation
// message first), sees the charts, cancels a long run, reloads the page and reopens the
// project (results still there), and exports a chart as SVG. Before that, a project from a
// newer version and a damaged one are refused with the core's message in the window. Screenshots of every step go to
// test/e2e/screenshots/ (git-ignored PNGs) to be looked at.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ProjectFile } from '../../main/project/projectFile.ts';
import { SCHEMA_VERSION } from '../../main/project/schema.ts';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/tmp.ts';
import {
  chromiumAvailable,
  launchChromium,
  startServe,
  writeCustomersCsv,
  type Served,
  screenshotDir,
  screenshots,
} from './harness.ts';

const shots = screenshotDir;
const { shot } = screenshots(() => page, '');
// Skipped on a developer machine without Chromium; CI installs it, so there it must run.
const skip = chromiumAvailable() || process.env.CI ? false : 'Chromium is not installed at /usr/bin/chromium';

let served: Served | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const dir = skip ? '' : tempDir('e2e-');

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  await writeCustomersCsv(join(dir, 'customers.csv'), 15_000);
  // Two projects the app must refuse politely: one from a newer version, one damaged.
  const projects = join(dir, 'data', 'projects');
  mkdirSync(projects, { recursive: true });
  const future = join(projects, 'From the future.pathwise');
  ProjectFile.create(future).close();
  const raw = new Database(future);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  writeFileSync(join(projects, 'Damaged.pathwise'), 'SQLite format 3\u0000'.padEnd(4096, '\u0001'));
  served = await startServe(join(dir, 'data'));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  if (process.env.PW_E2E_TRACE)
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => console.log(Date.now() % 100000, 'sent', String(f.payload).slice(0, 100)));
      ws.on('framereceived', (f) =>
        console.log(Date.now() % 100000, 'recv', String(f.payload).slice(0, 100)),
      );
    });
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
});

after(async () => {
  await browser?.close();
  await served?.stop();
});

test('an analyst goes from a new project to exported charts', { skip, timeout: 180_000 }, async () => {
  await page.goto(served!.url);
  assert.equal(new URL(page.url()).search, '', 'the token is removed from the address bar');
  await page.getByRole('button', { name: 'Open demo project' }).waitFor();
  await page.getByText('Backend: ').filter({ hasNotText: '…' }).waitFor();
  await shot('01-home');

  // Refused files: the core's message in the window, and the app carries on.
  await page.getByRole('button', { name: 'From the future.pathwise' }).click();
  await page.getByRole('alert').filter({ hasText: 'saved by a newer version of Pathwise' }).waitFor();
  await shot('01b-newer-version-refused');
  await page.getByRole('button', { name: 'Damaged.pathwise' }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: /Damaged\.pathwise (is damaged|is not a Pathwise project)/ })
    .waitFor();

  // New project (browser mode asks a name).
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project name').fill('E2E project');
  await shot('02-new-project-dialog');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'Datasets' }).waitFor();
  assert.match(await page.getByTestId('project-path').innerText(), /E2E project\.pathwise$/);

  // Import: preview with inferred types, override one, import with progress.
  await page.getByRole('button', { name: 'Import data…' }).first().click();
  await page.getByTestId('file-input').setInputFiles(join(dir, 'customers.csv'));
  const tenureType = page.getByLabel('Type of tenure');
  await tenureType.waitFor();
  assert.equal(await tenureType.inputValue(), 'integer', 'tenure is inferred as integer');
  assert.equal(await page.getByLabel('Type of region').inputValue(), 'text');
  assert.equal(await page.getByLabel('Type of spend').inputValue(), 'number');
  assert.ok((await page.locator('table.preview tbody tr').count()) >= 10, 'the first rows are shown');
  await tenureType.selectOption('number');
  await shot('03-import-preview');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'customers' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('grid-viewport').getByText('C1', { exact: true }).waitFor();
  await shot('04-dataset-grid');
  // The override stuck: tenure is a number column now.
  await page.getByRole('button', { name: 'Summary' }).click();
  const tenureRow = page.locator('tr', { has: page.getByRole('cell', { name: 'tenure', exact: true }) });
  await tenureRow.waitFor();
  assert.match(await tenureRow.innerText(), /number/);
  await shot('05-dataset-summary');

  // The gallery: eight kinds (scoring new customers among them), the unbuilt ones (boruta, nmf
  // and flows) disabled.
  await page.getByRole('button', { name: 'Analyses', exact: true }).click();
  const cards = page.locator('.gallery .card');
  assert.equal(await cards.count(), 8);
  assert.equal(await page.locator('.gallery .card:disabled').count(), 3);
  await shot('06-gallery');

  // The cluster wizard: a validation message first, then a run.
  await page.getByRole('button', { name: 'Segment customers' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByText('Measures: choose at least 1 column').waitFor();
  assert.equal(await page.getByLabel('Neighbourhood radius (eps)').count(), 0, 'eps is hidden for k-means');
  await page.getByLabel('Segments (k)').fill('1');
  await page.getByRole('group', { name: 'Measures' }).getByLabel(/spend/).check();
  await page.getByText('k must be at least 2').waitFor();
  await shot('07-wizard-validation');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByLabel('Segments (k)').fill('3');
  await page.getByLabel('Standardize columns').check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('[data-chart=pca_scatter] canvas').first().waitFor({ timeout: 60_000 });
  await page.locator('[data-chart=profile_heatmap] canvas').first().waitFor();
  await page.getByText(/3 segments/).waitFor();
  await page.waitForTimeout(300);
  await shot('08-results');

  // A long run (Ward on 15,000 rows), cancelled: it stops within a second or so.
  await page.getByRole('button', { name: 'Options…' }).click();
  await page.getByLabel('Method').selectOption('hierarchical');
  await page.getByRole('button', { name: 'Save and run again' }).click();
  const panel = page.getByTestId('run-panel');
  await panel.waitFor();
  await page.waitForTimeout(400);
  await shot('09-running');
  const cancelledAt = Date.now();
  if (process.env.PW_E2E_TRACE) console.log(cancelledAt % 100000, 'cancel click');
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await panel.waitFor({ state: 'detached', timeout: 5_000 });
  const took = Date.now() - cancelledAt;
  assert.ok(took < 2_500, `cancel took ${took} ms`);
  console.log(`# cancel: the run panel closed ${took} ms after Cancel`);
  await page.locator('.runs .status.cancelled').first().waitFor();
  await shot('10-cancelled');

  // Reload: the same analysis with its runs and results.
  await page.reload();
  await page.locator('[data-chart=pca_scatter] canvas').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.runs li').count(), 2);
  await shot('11-after-reload');

  // A reload while a run goes on: the page follows the run again and can still cancel it.
  await page.getByRole('button', { name: 'Run again' }).click();
  await page.getByTestId('run-panel').waitFor();
  await page.reload();
  const followed = page.getByTestId('run-panel');
  await followed.waitFor({ timeout: 30_000 });
  await followed.getByRole('button', { name: 'Cancel' }).click();
  await followed.waitFor({ state: 'detached', timeout: 5_000 });
  await page.locator('.runs li').nth(2).waitFor();
  assert.equal(await page.locator('.runs .status.cancelled').count(), 2);

  // Reopen the project from Home: everything as left.
  await page.getByRole('button', { name: 'Home' }).click();
  await page.getByRole('button', { name: 'E2E project.pathwise' }).first().click();
  await page
    .getByRole('button', { name: /Segment customers/ })
    .first()
    .click();
  await page.locator('[data-chart=segment_sizes] canvas').first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator('[data-table=segment_profiles]').innerText(), /Segment profiles/);

  // Export a chart as SVG (a download in browser mode).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export Segment sizes as SVG/ }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'Segment-sizes.svg');
  const saved = join(dir, 'chart.svg');
  await file.saveAs(saved);
  const svg = readFileSync(saved, 'utf8');
  assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /Segment 1/);

  // Dark theme.
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.waitForTimeout(400);
  await shot('12-results-dark');

  assert.deepEqual(pageErrors, [], 'no errors in the page (CSP violations included)');
});
