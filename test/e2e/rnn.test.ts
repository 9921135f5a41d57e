// End to end, behavioral-sequence segmentation (rnn): Chromium (playwright-core) against
// `pathwise serve`. An analyst opens the demo project and its "Behavioural churn segments"
// analysis (1,000 customers, run once by the demo): the segment profiles stand above the charts.
// The options show the features with their scaling and the model and segment options as forms
// (no JSON). A longer training is started, its live chart grows epoch by epoch in the run panel,
// and it is cancelled; then a 5-epoch model is trained to the end. The segments are found again
// with k-means (k = 3; the demo has 4) from the block above the results: the new run reuses the model (its
// warning says so) and takes seconds. A table is exported as CSV, and everything is looked at in
// the dark theme too. Screenshots go to test/e2e/screenshots/rnn-*.png to be looked at.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/tmp.ts';
import {
  chromiumAvailable,
  launchChromium,
  repoRoot,
  startServe,
  type Served,
  screenshotDir,
  screenshots,
} from './harness.ts';

const shots = screenshotDir;
const { shot, shotWhole } = screenshots(() => page, 'rnn-');
const skip = chromiumAvailable() || process.env.CI ? false : 'Chromium is not installed at /usr/bin/chromium';
const analysisName = 'Behavioural churn segments';
const charts = ['training_curves', 'segment_sizes', 'profile_heatmap', 'pca_scatter', 'roc_curve'];

let served: Served | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const dir = skip ? '' : tempDir('e2e-rnn-');

/** Waits until the live training chart shows at least `n` epochs (one arrives every few tenths of a second). */
async function epochsShown(n: number): Promise<void> {
  const live = page.getByTestId('live-training');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const shown = Number(await live.getAttribute('data-epochs', { timeout: 60_000 }));
    if (shown >= n) return;
    if (Date.now() > deadline) throw new Error(`the live chart shows ${shown} epochs, not ${n}`);
    await page.waitForTimeout(50);
  }
}

/** The runs list, newest first. */
const runItems = () => page.locator('aside.runs li');

/** Opens the options, sets the model's epochs and patience, saves and runs. */
async function runWithEpochs(epochs: number, patience: number): Promise<void> {
  await page.getByRole('button', { name: 'Options…' }).click();
  const model = page.getByRole('group', { name: 'Model options' });
  await model.getByLabel('Epochs').fill(String(epochs));
  await model.getByLabel('Patience').fill(String(patience));
  await page.getByRole('button', { name: 'Save and run again' }).click();
}

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  served = await startServe(join(dir, 'data'));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  if (process.env.PW_E2E_TRACE)
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => console.log(Date.now() % 100000, 'sent', String(f.payload).slice(0, 160)));
      ws.on('framereceived', (f) =>
        console.log(Date.now() % 100000, 'recv', String(f.payload).slice(0, 200)),
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

test(
  'an analyst trains the churn model, watches it learn, and re-clusters without retraining',
  { skip, timeout: 480_000 },
  async () => {
    const registry = readFileSync(join(repoRoot, 'main', 'engines', 'registry.ts'), 'utf8');
    assert.ok(registry.includes('rnn'), 'the rnn engine is not registered in main/engines/registry.ts yet');

    // The demo project, its rnn analysis as the demo ran it.
    await page.goto(served!.url);
    await page.getByRole('button', { name: 'Open demo project' }).click();
    await page
      .getByRole('button', { name: new RegExp(analysisName) })
      .first()
      .click({ timeout: 300_000 });
    const headline = page.locator('.headline');
    await headline.filter({ hasText: /^1,000 customers · \d+ segments? · / }).waitFor({ timeout: 60_000 });
    assert.match(await headline.innerText(), /validation AUC 0\.\d{3}$/);
    await page.locator('[data-table=segment_profiles]').waitFor();
    for (const chart of charts)
      await page.locator(`[data-chart=${chart}] canvas`).first().waitFor({ timeout: 30_000 });
    // The segment profiles (the deliverable) stand above the charts; per-customer tables are folded.
    const profilesBox = await page.locator('[data-table=segment_profiles]').boundingBox();
    const chartsBox = await page.locator('[data-chart=training_curves]').boundingBox();
    assert.ok(profilesBox && chartsBox && profilesBox.y < chartsBox.y, 'segment profiles above the charts');
    assert.equal(await page.locator('[data-table=segment_profiles]').getAttribute('open'), '');
    for (const folded of ['segments', 'encodings', 'pca'])
      assert.equal(
        await page.locator(`[data-table=${folded}]`).getAttribute('open'),
        null,
        `${folded} folded`,
      );
    const block = page.getByTestId('recluster');
    assert.equal(await block.getByLabel('Method').inputValue(), 'kmeans');
    await page.waitForTimeout(500);
    await shot('01-demo-results');
    await shotWhole('02-demo-results-whole');

    // The options: generic columns (the label from the labels table), then the section's forms.
    await page.getByRole('button', { name: 'Options…' }).click();
    const wizard = page.locator('form.wizard');
    await wizard.waitFor();
    assert.equal(await page.getByLabel('Interaction events').inputValue(), 'events');
    assert.equal(await page.getByLabel('Churn labels (optional)').inputValue(), 'labels');
    assert.equal(await page.getByLabel('Customer id').inputValue(), 'user_id');
    assert.equal(await page.getByLabel('Churned (0/1)').inputValue(), 'churned');
    assert.deepEqual(
      await page.getByLabel('Churned (0/1)').locator('option').allInnerTexts(),
      ['Choose a column', 'user_id (integer)', 'churned (integer)'],
      'the label column is offered from the labels table',
    );
    assert.equal(await wizard.locator('textarea').count(), 0, 'no option is a JSON text box');
    const features = page.getByRole('group', { name: 'Features', exact: true });
    await features.locator('tr[data-feature=days_since_last]').getByText('standardised').waitFor();
    await features.locator('tr[data-feature=cancel]').getByText('used as is (0/1)').waitFor();
    assert.equal(await features.getByLabel('app_used').isChecked(), true);
    await page.getByText('7 of 7 chosen: 6 used as is, 1 standardised').waitFor();
    const model = wizard.getByRole('group', { name: 'Model options' });
    assert.equal(await model.getByLabel('Recurrent cell').inputValue(), 'gru');
    assert.equal(await model.getByLabel('Epochs').inputValue(), '30');
    assert.equal(await model.getByLabel('Learning rate').inputValue(), '0.001');
    assert.equal(await model.getByLabel('Class weights').inputValue(), 'none');
    const segments = wizard.getByRole('group', { name: 'Segment options' });
    assert.equal(await segments.getByLabel('Method').inputValue(), 'kmeans');
    assert.equal(await segments.getByLabel('Segments (k)').inputValue(), '4');
    assert.equal(await segments.getByLabel('Radius (eps): automatic').count(), 0, 'eps only for DBSCAN');
    // A value the schema refuses is named beside its field, before anything runs.
    await model.getByLabel('Recurrent units').fill('0');
    await model.getByText('Recurrent units: at least 1 unit').waitFor();
    await model.getByLabel('Recurrent units').fill('10');
    await model.getByText('Recurrent units: at least 1 unit').waitFor({ state: 'detached' });
    await shotWhole('03-options', 'form.wizard');
    // Without a labels table the label is a column of the events: the picker offers those.
    await page.getByLabel('Churn labels (optional)').selectOption('');
    assert.equal(await page.getByLabel('Churned (0/1)').inputValue(), '', 'the label column starts empty');
    assert.ok(
      (await page.getByLabel('Churned (0/1)').locator('option').allInnerTexts()).includes('cancel (integer)'),
    );
    await page.locator('label[for=role-target]').getByText('in events').waitFor();
    await page.getByLabel('Churned (0/1)').selectOption('cancel');
    assert.equal(await features.locator('tr[data-feature=cancel]').count(), 0, 'the label is not a feature');
    await wizard.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wizard.waitFor({ state: 'detached' });

    // A long training: the live chart grows epoch by epoch; cancelled after a few.
    const runsBefore = await runItems().count();
    await runWithEpochs(200, 200);
    const live = page.getByTestId('live-training');
    await live.waitFor({ timeout: 60_000 });
    await epochsShown(2);
    await page.locator('[data-testid=live-training] canvas').first().waitFor();
    assert.match(
      await live.locator('.summary').innerText(),
      /^Epoch \d+ of 200 · loss 0\.\d{4} \(validation 0\.\d{4}\) · AUC 0\.\d{3} \(validation 0\.\d{3}\)$/,
    );
    await epochsShown(4);
    await page.waitForTimeout(300);
    await shot('04-live-training');
    await page.getByTestId('run-panel').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('run-panel').waitFor({ state: 'detached', timeout: 30_000 });
    await runItems().nth(runsBefore).waitFor();
    await runItems().first().locator('.status', { hasText: 'cancelled' }).waitFor();
    // The view stays on the results it had.
    await headline.filter({ hasText: /^1,000 customers/ }).waitFor();

    // A short training, to the end: 5 epochs in the training table.
    await runWithEpochs(5, 5);
    await page.getByTestId('run-panel').waitFor({ state: 'detached', timeout: 120_000 });
    await runItems()
      .nth(runsBefore + 1)
      .waitFor();
    await runItems().first().locator('.status', { hasText: 'done' }).waitFor();
    await page.locator('[data-table=training] summary').getByText('5 rows').waitFor({ timeout: 30_000 });
    for (const chart of charts) await page.locator(`[data-chart=${chart}] canvas`).first().waitFor();
    assert.equal(await page.getByTestId('model-reused').count(), 0, 'a model trained in this run');

    // Re-cluster with k-means, k = 3: the model is reused and it takes seconds.
    await block.getByLabel('Method').selectOption('kmeans');
    await block.getByLabel('Segments (k)').fill('3');
    await block.getByText('Re-clustering reuses it: no retraining.').waitFor();
    await shot('05-recluster-set');
    const started = Date.now();
    await block.getByRole('button', { name: 'Re-cluster' }).click();
    await page.getByTestId('model-reused').waitFor({ timeout: 60_000 });
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 20, `re-clustering took ${seconds} s`);
    await headline.filter({ hasText: /^1,000 customers · 3 segments · validation AUC/ }).waitFor();
    await page.getByText(/the model of the previous run was reused/).waitFor();
    const took = /segments found in ([\d.]+) (ms|s), without training/.exec(
      await block.locator('.status').innerText(),
    );
    assert.ok(took, 'the block says how long the run took');
    assert.ok(took[2] === 'ms' || Number(took[1]) < 10, `the re-clustering run took ${took[0]}`);
    assert.equal(await block.getByLabel('Method').inputValue(), 'kmeans');
    assert.equal(await page.locator('[data-chart=k_distance]').count(), 0, 'no k-distance curve for k-means');
    for (const chart of charts) await page.locator(`[data-chart=${chart}] canvas`).first().waitFor();
    await page.locator('[data-table=training] summary').getByText('5 rows').waitFor();
    await page.waitForTimeout(500);
    await shot('06-reclustered');
    await shotWhole('07-reclustered-whole');

    // The segment profiles as CSV: every segment, full precision.
    const download = page.waitForEvent('download');
    await page.locator('[data-table=segment_profiles]').getByRole('button', { name: 'CSV' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'segment_profiles.csv');
    const saved = join(dir, 'segment_profiles.csv');
    await file.saveAs(saved);
    const csv = readFileSync(saved, 'utf8').trim().split('\n');
    assert.equal(
      csv[0],
      'segment,customers,share,churn_rate,tenure_days,events,cancel,sent_email,open_email,click_email,app_used,site_visited,days_since_last',
    );
    assert.equal(csv.length, 4, 'three segments, no noise with k-means');
    const total = csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[1]), 0);
    assert.equal(total, 1000);

    // A chart as SVG, drawn from the same option as the canvas.
    const svgDownload = page.waitForEvent('download');
    await page
      .getByRole('button', { name: 'Export Segments on the first two principal components as SVG' })
      .click();
    const svgFile = await svgDownload;
    assert.match(svgFile.suggestedFilename(), /\.svg$/);
    await svgFile.saveAs(join(dir, 'pca.svg'));
    assert.match(readFileSync(join(dir, 'pca.svg'), 'utf8'), /^<svg[\s\S]*Segment 3[\s\S]*<\/svg>$/);

    // The dark theme: the results, the options, a run going on.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForTimeout(500);
    await shot('08-results-dark');
    await page.getByRole('button', { name: 'Options…' }).click();
    assert.equal(
      await page
        .locator('form.wizard')
        .getByRole('group', { name: 'Segment options' })
        .getByLabel('Method')
        .inputValue(),
      'kmeans',
    );
    await page.waitForTimeout(300);
    await shotWhole('09-options-dark', 'form.wizard');
    await page.getByRole('button', { name: 'Hide options' }).click();
    await runWithEpochs(200, 200);
    await epochsShown(3);
    await page.waitForTimeout(300);
    await shot('10-live-training-dark');
    await page.getByTestId('run-panel').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('run-panel').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('button', { name: 'Switch to light theme' }).click();

    assert.deepEqual(pageErrors, [], 'no errors in the page (CSP violations included)');
  },
);
