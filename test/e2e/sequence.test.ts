// End to end, customer-journey sequences: Chromium (playwright-core) against `pathwise serve`.
// An analyst imports the journeys fixture (1,000 customers x 24 monthly channels, TraMineR's
// reference case), opens the sequence wizard, looks at the three data shapes (the columns of
// each, the period options of an event log), picks the id and the period range m01..m24 of the
// wide table, finds the six states read from the data with the charts' colours, reorders them
// and sorts them back, gives Store another colour, looks at the distance choices (only the costs
// each uses), sets OM with TRATE costs and k = 4, and runs. The results: the headline, the state
// legend in the chosen colour, the charts (the index plot's canvas among them), the quality table
// whose "use k = 3" cuts the tree again and re-runs, a table as CSV, the options as entered, and
// the dark theme. Screenshots go to test/e2e/screenshots/sequence-*.png to be looked at.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
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

const { shot, shotWhole } = screenshots(() => page, 'sequence-');
const skip = chromiumAvailable() || process.env.CI ? false : 'Chromium is not installed at /usr/bin/chromium';
const fixture = join(repoRoot, 'test', 'fixtures', 'sequence', 'journeys', 'data.csv');
const states = ['Churned', 'Lapsed', 'Mobile', 'Omni', 'Online', 'Store'];
const charts = [
  'index_plot',
  'state_distribution_plot',
  'entropy_plot',
  'mean_time_plot',
  'frequent_sequences_plot',
  'cost_heatmap',
  'quality_plot',
  'dendrogram_plot',
  'cluster_sizes_plot',
];

let served: Served | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const dir = skip ? '' : tempDir('e2e-sequence-');

before(async () => {
  if (skip) return;
  mkdirSync(screenshotDir, { recursive: true });
  copyFileSync(fixture, join(dir, 'journeys.csv'));
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

/** The states in the order the wizard lists them. */
async function listedStates(): Promise<string[]> {
  return page
    .getByRole('list', { name: 'States', exact: true })
    .locator('li')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-state') ?? ''));
}

/** The headline above the results. */
function headline() {
  return page.locator('.results .headline');
}

test(
  'an analyst clusters customer journeys and picks k from the quality table',
  { skip, timeout: 300_000 },
  async () => {
    const registry = readFileSync(join(repoRoot, 'main', 'engines', 'registry.ts'), 'utf8');
    assert.ok(
      registry.includes('sequence'),
      'the sequence engine is not registered in main/engines/registry.ts yet: this test runs the analysis',
    );

    await page.goto(served!.url);
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Project name').fill('Journeys');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Datasets' }).waitFor();
    await page.getByRole('button', { name: 'Import data…' }).first().click();
    await page.getByTestId('file-input').setInputFiles(join(dir, 'journeys.csv'));
    await page.getByLabel('Type of m24').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'journeys' }).waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Analyses', exact: true }).click();
    await page.getByRole('button', { name: 'Customer-journey sequences' }).click();
    const wizard = page.getByRole('form', { name: 'Customer-journey sequences wizard' });
    await wizard.waitFor();

    // The data shapes, each explained, with its own columns; the wide columns come back.
    const shapes = page.getByRole('radiogroup', { name: 'Data shape' });
    assert.equal(await shapes.getByRole('radio', { name: /^Wide/ }).isChecked(), true);
    await shapes.getByText('One row per customer, one column per period').waitFor();
    await page.getByLabel('Customer id').selectOption('id');
    await page.getByLabel('First period column').selectOption('m01');
    await page.getByLabel('Last period column').selectOption('m24');
    await page.getByTestId('period-count').getByText('24 periods: m01 … m24').waitFor();
    const periods = page.getByRole('group', { name: 'Periods' });
    assert.equal(await periods.getByLabel('m12', { exact: true }).isChecked(), true);
    assert.equal(
      await periods.getByLabel('id', { exact: true }).count(),
      0,
      'the id is not offered as a period',
    );

    await shapes.getByRole('radio', { name: /^Long/ }).check();
    await page.getByLabel('Period', { exact: true }).waitFor();
    await page.getByLabel('State', { exact: true }).waitFor();
    await shapes.getByRole('radio', { name: /^Event log/ }).check();
    await page.getByLabel('Timestamp', { exact: true }).waitFor();
    const periodOptions = page.getByRole('group', { name: 'Period options' });
    assert.equal(await periodOptions.getByLabel('Period unit').inputValue(), 'month');
    await periodOptions.getByLabel('Period 1 starts').selectOption('calendar');
    await periodOptions.getByText('Journeys aligned on the calendar').waitFor();
    await shotWhole('01-event-log-shape', 'fieldset:has(legend:has-text("Journeys"))');
    await shapes.getByRole('radio', { name: /^Wide/ }).check();
    await page.getByTestId('period-count').getByText('24 periods: m01 … m24').waitFor();
    assert.equal(await page.getByLabel('Customer id').inputValue(), 'id');

    // The states, read from the data, in code-unit order; reordered, then sorted back.
    await page.getByLabel('Colour of Store').waitFor({ timeout: 30_000 });
    assert.deepEqual(await listedStates(), states);
    await page.getByRole('button', { name: 'Move Churned down' }).click();
    assert.deepEqual(await listedStates(), ['Lapsed', 'Churned', ...states.slice(2)]);
    await page.getByRole('button', { name: 'Sort by name' }).click();
    assert.deepEqual(await listedStates(), states);
    // The palette's colours (the charts'), until the analyst picks one.
    assert.equal(await page.getByLabel('Colour of Churned').inputValue(), '#4e79a7');
    await page.getByLabel('Colour of Store').fill('#8b0000');
    await page.getByRole('button', { name: 'palette colour' }).waitFor();
    await page.getByLabel('Keep missing periods as a state').check();
    await page.locator('li[data-state="*"]').waitFor();
    await page.getByLabel('Keep missing periods as a state').uncheck();

    // The distance: only the costs each method uses.
    const distance = page.getByRole('radiogroup', { name: 'Distance' });
    assert.equal(await distance.getByRole('radio', { name: /^Optimal matching/ }).isChecked(), true);
    await distance.getByText('good for journeys that shift in time', { exact: false }).waitFor();
    const costs = page.getByRole('group', { name: 'Distance options' });
    await costs.getByLabel('Indel cost').waitFor();
    await distance.getByRole('radio', { name: /^Hamming/ }).check();
    await costs.getByLabel('Indel cost').waitFor({ state: 'detached' });
    await distance.getByRole('radio', { name: /^Longest common subsequence/ }).check();
    await costs.getByLabel('Substitution costs').waitFor({ state: 'detached' });
    await page.getByText('No costs to set: LCS is OM with indel 1 and substitution 2.').waitFor();
    await distance.getByRole('radio', { name: /^Optimal matching/ }).check();
    await costs.getByLabel('Substitution costs').selectOption('CONSTANT');
    assert.equal(
      await costs.getByLabel('Substitution cost', { exact: true }).getAttribute('placeholder'),
      '2',
    );
    await costs.getByLabel('Substitution costs').selectOption('TRATE');
    await costs.getByLabel('Substitution cost', { exact: true }).waitFor({ state: 'detached' });
    await costs.getByLabel('Indel cost').fill('x');
    await page.getByText('Indel cost: "x" is not a number').waitFor();
    await costs.getByLabel('Indel cost').fill('1');

    const clusters = page.getByRole('group', { name: 'Cluster options' });
    await clusters.getByLabel('Clusters (k)').fill('4');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText(/^Checked against the data/).waitFor({ timeout: 30_000 });
    await shotWhole('02-wizard', 'form.wizard');

    // Run: the headline, the legend, the charts, the quality table.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await headline().waitFor({ timeout: 180_000 });
    assert.match(
      await headline().innerText(),
      /^1,000 customers · 734 distinct journeys · 24 periods · 4 clusters \(ASW -?\d\.\d\d\) · OM, TRATE costs$/,
    );
    for (const chart of charts)
      await page.locator(`[data-chart=${chart}] canvas`).first().waitFor({ timeout: 30_000 });
    const legend = page.getByRole('list', { name: 'State colours' });
    assert.deepEqual(
      (await legend.getByRole('listitem').allInnerTexts()).map((t) => t.trim()),
      states,
    );
    assert.equal(
      await legend
        .locator('[data-state=Store] .swatch')
        .evaluate((el) => (el as unknown as { style: { backgroundColor: string } }).style.backgroundColor),
      'rgb(139, 0, 0)',
    );
    const quality = page.getByTestId('cluster-quality');
    assert.deepEqual(
      await quality.locator('th[data-k]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-k'))),
      ['2', '3', '4', '5', '6', '7', '8', '9', '10'],
    );
    await quality.locator('th.current[data-k="4"]').waitFor();
    await page.waitForTimeout(500);
    await shot('03-results');
    await shotWhole('04-results-whole');

    // A table as CSV: every row, full precision (TraMineR's clusters: 326, 173, 294, 207).
    const download = page.waitForEvent('download');
    await page.locator('[data-table=cluster_sizes]').getByRole('button', { name: 'CSV' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'cluster_sizes.csv');
    const saved = join(dir, 'cluster_sizes.csv');
    await file.saveAs(saved);
    const csv = readFileSync(saved, 'utf8').trim().split('\n');
    assert.equal(csv[0], 'cluster,customers,share');
    assert.deepEqual(
      csv.slice(1).map((line) => Number(line.split(',')[1])),
      [326, 173, 294, 207],
    );
    assert.match(csv[1]!, /^1,326,0\.326$/);

    // k from the quality table: the tree cut again, the analysis re-run.
    await quality.getByRole('button', { name: 'use k = 3' }).click();
    await page.getByText(/· 3 clusters \(ASW -?\d\.\d\d\) ·/).waitFor({ timeout: 180_000 });
    await page.getByTestId('cluster-quality').locator('th.current[data-k="3"]').waitFor();
    assert.equal(await page.locator('[data-table=cluster_sizes] tbody tr').count(), 3);
    await page.locator('[data-chart=index_plot] canvas').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await shot('05-k3-results');

    // The options come back as entered (k as re-run).
    await page.getByRole('button', { name: 'Options…' }).click();
    assert.equal(await page.getByLabel('Customer id').inputValue(), 'id');
    await page.getByTestId('period-count').getByText('24 periods: m01 … m24').waitFor();
    assert.equal(await page.getByLabel('Colour of Store').inputValue(), '#8b0000');
    assert.equal(
      await page.getByRole('group', { name: 'Cluster options' }).getByLabel('Clusters (k)').inputValue(),
      '3',
    );
    assert.equal(await page.getByRole('radio', { name: /^Optimal matching/ }).isChecked(), true);

    // Dark theme: the wizard and the results.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForTimeout(400);
    await shotWhole('06-wizard-dark', 'form.wizard');
    await page.getByRole('button', { name: 'Hide options' }).click();
    await page.waitForTimeout(600);
    await shot('07-results-dark');

    assert.deepEqual(pageErrors, [], 'no errors in the page (CSP violations included)');
  },
);
