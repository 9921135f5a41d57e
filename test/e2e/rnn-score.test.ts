// End to end, scoring new customers with a trained behavioral-sequence model (rnn_score, issue
// 6): Chromium (playwright-core) against `pathwise serve`. An analyst opens the demo project's
// "Behavioural churn segments" results and uses "Score new customers…": the dialog starts on the
// demo's new customers (events_new), shows that every column the model reads is there and that
// main's check passed; with the labels of those customers chosen, Score creates a scoring
// analysis and runs it at once. Its results: the headline (customers, model, share at risk,
// segments reached, AUC), the segment profiles above the three charts, the per-customer scores
// folded and exported as CSV. The scoring wizard shows the model and its features as mapped.
// Before anything runs, a new scoring wizard says why a table without one of the model's
// columns (an imported table without click_email: the page's check, at that feature) or a model
// without a finished run (a duplicate of the rnn analysis: main's analyses.validate, at the
// model) cannot be scored. Screenshots go to test/e2e/screenshots/rnn-score-*.png to be looked at.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/tmp.ts';
import {
  chromiumAvailable,
  launchChromium,
  startServe,
  type Served,
  screenshotDir,
  screenshots,
} from './harness.ts';
import { eventColumns, generateNewEvents } from '../../main/demo/events.ts';
import { toCsv } from '../../main/demo/csv.ts';

const shots = screenshotDir;
const { shot, shotWhole } = screenshots(() => page, 'rnn-score-');
const skip = chromiumAvailable() || process.env.CI ? false : 'Chromium is not installed at /usr/bin/chromium';
const modelName = 'Behavioural churn segments';
const scoringName = `Scores: events_new (${modelName})`;
const charts = ['segment_sizes', 'profile_heatmap', 'score_histogram'];

let served: Served | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const dir = skip ? '' : tempDir('e2e-rnn-score-');

/** 40 of the new customers without the click_email column (a table that misses a model column). */
function writeTableWithoutClicks(path: string): void {
  const { events } = generateNewEvents();
  const keep = eventColumns.map((_, j) => j).filter((j) => eventColumns[j] !== 'click_email');
  const rows = events.rows.filter((row) => Number(row[0]) <= 1040).map((row) => keep.map((j) => row[j]!));
  writeFileSync(path, toCsv({ columns: keep.map((j) => eventColumns[j]!), rows }));
}

/** An analysis in the list on the left (its name, then its kind's title). */
const listed = (name: string) =>
  page.locator('aside.side li').filter({ has: page.getByText(name, { exact: true }) });

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  writeTableWithoutClicks(join(dir, 'events_no_clicks.csv'));
  served = await startServe(join(dir, 'data'));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
});

after(async () => {
  await browser?.close();
  await served?.stop();
});

test('an analyst scores new customers with the trained churn model', { skip, timeout: 300_000 }, async () => {
  // The demo project: its rnn analysis as the demo ran it, then the scoring block below the segments block.
  await page.goto(served!.url);
  await page.getByRole('button', { name: 'Open demo project' }).click();
  await listed(modelName).getByRole('button').click({ timeout: 300_000 });
  await page
    .locator('.headline')
    .filter({ hasText: /^1,000 customers/ })
    .waitFor({ timeout: 60_000 });
  const block = page.getByTestId('score-new');
  await block.waitFor();
  await block.getByText(/Apply this model \(run #\d+\) to another events table/).waitFor();
  const recluster = await page.getByTestId('recluster').boundingBox();
  const scoreBox = await block.boundingBox();
  assert.ok(recluster && scoreBox && recluster.y < scoreBox.y, 'the score block below the segments block');
  await page.waitForTimeout(300);
  await shot('01-rnn-results');

  // The dialog: the new customers, every model column found by name, main's check passed.
  await block.getByRole('button', { name: 'Score new customers…' }).click();
  const dialog = page.getByRole('dialog', { name: `Score new customers with "${modelName}"` });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Customers to score (interaction events)').inputValue(), 'events_new');
  assert.equal(await dialog.getByLabel('Churn labels (optional)').inputValue(), '');
  await dialog
    .getByTestId('score-columns')
    .getByText('All 9 columns the model reads are in events_new.')
    .waitFor();
  await dialog.getByText('✓ Checked against the data: ready to score.').waitFor({ timeout: 30_000 });
  assert.equal(await dialog.getByLabel('Name of the scoring analysis').inputValue(), scoringName);
  // With the labels of the new customers, the label column comes from them (the model's AUC on them).
  await dialog.getByLabel('Churn labels (optional)').selectOption('labels_new');
  await dialog
    .getByTestId('score-columns')
    .getByText('All 9 columns the model reads are in events_new, and the label (churned).')
    .waitFor();
  await dialog.getByText('✓ Checked against the data: ready to score.').waitFor({ timeout: 30_000 });
  await dialog.getByTestId('score-columns').click();
  const mapping = dialog.getByRole('table', { name: 'Columns the model reads' });
  assert.equal(await mapping.getByLabel('Column for click_email').inputValue(), 'click_email');
  assert.equal(await mapping.getByLabel('Column for churned').inputValue(), 'churned');
  await page.waitForTimeout(200);
  await shot('02-score-dialog');

  // Score: a new analysis, run at once, its results.
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Score', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('heading', { name: scoringName }).waitFor();
  const headline = page.locator('.headline');
  await headline
    .filter({ hasText: /^500 customers scored with "Behavioural churn segments": / })
    .waitFor({ timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 30, `scoring took ${seconds} s`);
  assert.match(
    await headline.innerText(),
    /^500 customers scored with "Behavioural churn segments": \d+\.\d% at churn probability ≥ 0\.5 · \d+ of \d+ segments? reached( · \d+\.\d% noise)? · AUC 0\.\d{3} on 500 labelled$/,
  );
  await page.getByText(/^scored with the model of "Behavioural churn segments" \(run \d+\)$/).waitFor();
  await page.locator('[data-table=segment_profiles]').waitFor();
  for (const chart of charts)
    await page.locator(`[data-chart=${chart}] canvas`).first().waitFor({ timeout: 30_000 });
  const profilesBox = await page.locator('[data-table=segment_profiles]').boundingBox();
  const chartsBox = await page.locator('[data-chart=segment_sizes]').boundingBox();
  assert.ok(profilesBox && chartsBox && profilesBox.y < chartsBox.y, 'segment profiles above the charts');
  assert.equal(await page.locator('[data-table=segment_profiles]').getAttribute('open'), '');
  assert.equal(await page.locator('[data-table=metrics]').getAttribute('open'), '');
  assert.equal(
    await page.locator('[data-table=scores]').getAttribute('open'),
    null,
    'per-customer scores folded',
  );
  assert.equal(await page.locator('[data-chart]').count(), 3);
  await page.waitForTimeout(500);
  await shot('03-scores');
  await shotWhole('04-scores-whole');

  // The scores as CSV: one row per new customer, the encoding's columns after the segment.
  await page.locator('[data-table=scores] summary').click();
  const download = page.waitForEvent('download');
  await page.locator('[data-table=scores]').getByRole('button', { name: 'CSV' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'scores.csv');
  await file.saveAs(join(dir, 'scores.csv'));
  const csv = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'id,churn_probability,segment,e1,e2,e3,e4,e5,e6,e7,e8,e9,e10');
  assert.equal(csv.length, 501);
  assert.equal(csv[1]!.split(',')[0], '1001');

  // Its options: the model as a select by name, its features mapped in the model's order.
  await page.getByRole('button', { name: 'Options…' }).click();
  const wizard = page.locator('form.wizard');
  await wizard.waitFor();
  assert.equal(await wizard.getByLabel('Interaction events').inputValue(), 'events_new');
  assert.equal(await wizard.locator('#role-id').inputValue(), 'user_id');
  const modelSelect = wizard.getByLabel('Behavioral-sequence analysis');
  assert.match(
    await modelSelect.locator('option:checked').innerText(),
    /^Behavioural churn segments — run #\d+$/,
  );
  await wizard
    .getByTestId('score-model-info')
    .getByText(/7 features, label churned/)
    .waitFor();
  const features = wizard.getByRole('table', { name: 'Model features' });
  assert.equal(await features.locator('tbody tr').count(), 7);
  assert.equal(await features.getByLabel('Column for days_since_last').inputValue(), 'days_since_last');
  await shotWhole('05-options', 'form.wizard');
  await wizard.getByRole('button', { name: 'Cancel', exact: true }).click();

  // A model without a finished run (a duplicate of the rnn analysis) and a table without one of
  // the model's columns (imported): the wizard says so before anything runs.
  await listed(modelName).getByRole('button').click();
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await page.getByRole('heading', { name: `${modelName} (copy)` }).waitFor();
  await page.getByRole('button', { name: 'Data', exact: true }).click();
  await page.getByRole('button', { name: 'Import data…' }).first().click();
  await page.getByTestId('file-input').setInputFiles(join(dir, 'events_no_clicks.csv'));
  await page.getByLabel('Type of day', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'events_no_clicks' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Analyses', exact: true }).click();
  const analysesBefore = await page.locator('aside.side li').count();
  await page.getByRole('button', { name: 'New…' }).click();
  await page.getByRole('button', { name: 'Score new customers', exact: true }).click();
  const fresh = page.locator('form.wizard');
  await fresh.waitFor();
  const models = fresh.getByLabel('Behavioral-sequence analysis');
  const trained = await models
    .locator('option', { hasText: new RegExp(`^${modelName} — run #\\d+$`) })
    .getAttribute('value');

  // The trained model on the imported table: click_email is not there; the rest is matched by name.
  await fresh.getByLabel('Interaction events').selectOption('events_no_clicks');
  await models.selectOption(trained!);
  assert.equal(await fresh.locator('#role-id').inputValue(), 'user_id');
  assert.equal(await fresh.locator('#role-order').inputValue(), 'day');
  assert.equal(await fresh.getByLabel('Column for app_used').inputValue(), 'app_used');
  const clicks = fresh
    .getByRole('table', { name: 'Model features' })
    .locator('tr[data-model-column=click_email]');
  await clicks
    .getByText('no column "click_email" in events_no_clicks: choose the one that holds it')
    .waitFor();
  await fresh.getByRole('button', { name: 'Run', exact: true }).click();
  await clicks
    .locator('.msg', { hasText: 'choose the column of the model\'s feature "click_email"' })
    .waitFor();
  await page.waitForTimeout(200);
  await shotWhole('06-missing-column', 'form.wizard');
  assert.equal(await page.locator('aside.side li').count(), analysesBefore, 'nothing was created or run');
  assert.equal(await page.getByTestId('run-panel').count(), 0);

  // The new customers with a model that has no finished run: main's check says so at the model.
  await fresh.getByLabel('Interaction events').selectOption('events_new');
  await clicks.locator('.msg').waitFor({ state: 'detached' });
  await models.selectOption({ label: `${modelName} (copy) — not run yet` });
  await fresh.getByText(`"${modelName} (copy)" has no finished run yet: run it first`).waitFor();
  assert.equal(await fresh.getByLabel('Column for click_email').inputValue(), 'click_email');
  await fresh.getByRole('button', { name: 'Check' }).click();
  await fresh
    .locator('.msg', {
      hasText: `option model: "${modelName} (copy)" has no finished run yet; run it first, then score with its model`,
    })
    .waitFor();
  await page.waitForTimeout(200);
  await shotWhole('07-model-not-run', 'form.wizard');
  await fresh.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('aside.side li').count(), analysesBefore, 'nothing was created or run');
  assert.deepEqual(pageErrors, [], 'no errors in the page (CSP violations included)');
});
