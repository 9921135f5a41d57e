// End to end, the multi-state churn model: Chromium (playwright-core) against `pathwise serve`.
// An analyst imports the subscription fixture (with one extra column that has a single value),
// opens the multistate wizard, names the states (the time and status columns fill in from the
// St2 / St2.s names), finds the start state's column of the transition grid closed, ticks the
// transitions, sees precise messages before anything runs (a state without a time column, a
// covariate with one level), checks the set-up against the data, runs it, sees the charts and
// tables, exports a table as CSV, reopens the options (everything as entered), and looks at it
// all in the dark theme. Screenshots go to test/e2e/screenshots/ms-*.png to be looked at.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const { shot, shotWhole } = screenshots(() => page, 'ms-');
const skip = chromiumAvailable() || process.env.CI ? false : 'Chromium is not installed at /usr/bin/chromium';
const fixture = join(repoRoot, 'test', 'fixtures', 'multistate', 'subscription', 'data.csv');
const states = ['Subscribed', 'EmailUnsub', 'Paused', 'UnsubPaused', 'Cancelled'];
const transitions: [string, string][] = [
  ['Subscribed', 'EmailUnsub'],
  ['Subscribed', 'Paused'],
  ['Subscribed', 'Cancelled'],
  ['EmailUnsub', 'UnsubPaused'],
  ['EmailUnsub', 'Cancelled'],
  ['Paused', 'UnsubPaused'],
  ['Paused', 'Cancelled'],
  ['UnsubPaused', 'Cancelled'],
];

let served: Served | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const dir = skip ? '' : tempDir('e2e-multistate-');

/** A box of the transition grid. */
function cell(from: string, to: string) {
  return page.getByLabel(`${from} → ${to}`, { exact: true });
}

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  // The fixture plus `plan`, the same for everyone: a covariate the model cannot use.
  const lines = readFileSync(fixture, 'utf8').trimEnd().split('\n');
  writeFileSync(
    join(dir, 'subscriptions.csv'),
    lines.map((line, i) => `${line},${i === 0 ? 'plan' : 'basic'}`).join('\n') + '\n',
  );
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

test(
  'an analyst sets up, checks and runs a multi-state churn model',
  { skip, timeout: 240_000 },
  async () => {
    const registry = readFileSync(join(repoRoot, 'main', 'engines', 'registry.ts'), 'utf8');
    assert.ok(
      registry.includes('multistate'),
      'the multistate engine is not registered in main/engines/registry.ts yet: this test runs the analysis',
    );

    await page.goto(served!.url);
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Project name').fill('Churn paths');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Datasets' }).waitFor();
    await page.getByRole('button', { name: 'Import data…' }).first().click();
    await page.getByTestId('file-input').setInputFiles(join(dir, 'subscriptions.csv'));
    await page.getByLabel('Type of St2.s').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'subscriptions' }).waitFor({ timeout: 60_000 });

    // The wizard: the generic steps keep the data, the id and the ties; the section the rest.
    await page.getByRole('button', { name: 'Analyses', exact: true }).click();
    await page.getByRole('button', { name: 'Multi-state churn model' }).click();
    const wizard = page.getByRole('form', { name: 'Multi-state churn model wizard' });
    await wizard.waitFor();
    await page.getByLabel('Customer id').selectOption('id');
    await page.getByRole('button', { name: /Suggest states from columns \(St2, St3, St4, St5\)/ }).waitFor();

    // Name the states: each later state's columns are suggested from St<k> / St<k>.s.
    for (const [i, name] of states.entries()) {
      await page.getByRole('button', { name: 'Add state' }).click();
      await page.getByLabel(`Name of state ${i + 1}`).fill(name);
    }
    for (const [i, name] of states.slice(1).entries()) {
      assert.equal(await page.getByLabel(`Time column of ${name}`).inputValue(), `St${i + 2}`);
      assert.equal(await page.getByLabel(`Status column of ${name}`).inputValue(), `St${i + 2}.s`);
    }

    // Nothing may enter the start state: that column of the grid is closed, and says why.
    const intoStart = cell('Paused', 'Subscribed');
    assert.equal(await intoStart.isDisabled(), true);
    const why = await intoStart.locator('xpath=ancestor::td').getAttribute('title');
    assert.match(why ?? '', /Everyone starts in "Subscribed" at time 0, so no transition may enter it/);
    assert.equal(await cell('Paused', 'Paused').isDisabled(), true);
    for (const [from, to] of transitions) await cell(from, to).check();
    await page.getByText('8 transitions.').waitFor();
    await page.locator('[data-chart=setup_diagram] canvas').first().waitFor();

    // A state without a time column: the message stands beside that state, before anything runs.
    await page.getByLabel('Time column of Paused').selectOption('');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const pausedRow = page.locator('tr.note').filter({ hasText: 'state "Paused" has no time column' });
    await pausedRow.waitFor();
    await shotWhole('01-no-time-column', 'fieldset:has(legend:has-text("Time and status columns"))');
    await page.getByLabel('Time column of Paused').selectOption('St3');
    await pausedRow.waitFor({ state: 'detached' });

    // Covariates: a column with one value is refused at once (from the column summary).
    const covariates = page.getByRole('group', { name: 'Covariates', exact: true });
    for (const c of ['discount', 'gender', 'joined', 'age', 'plan']) await covariates.getByLabel(c).check();
    const oneLevel = page.getByText(
      'plan takes one value only (basic): a covariate needs at least two to compare',
    );
    await oneLevel.waitFor();
    await page.getByLabel('Reference level of age').waitFor();
    assert.deepEqual(
      await page.getByLabel('Reference level of age').locator('option').allInnerTexts(),
      ['20-40', '<20', '>40'],
      'levels read from the data, sorted as R sorts them',
    );
    await page.getByLabel('Reference level of age').selectOption('<20');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await oneLevel.waitFor();
    await shotWhole('02-one-level-covariate', 'fieldset:has(legend:has-text("Covariates"))');
    await covariates.getByLabel('plan').uncheck();
    await oneLevel.waitFor({ state: 'detached' });

    // Prediction and two profiles.
    await page.getByRole('button', { name: /100 evenly spaced up to 4,800/ }).click();
    assert.match(await page.getByLabel('Time points').inputValue(), /^48, 96, 144, .*, 4800$/);
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.locator('#profile-0-discount').selectOption('Yes');
    await page.locator('#profile-1-gender').selectOption('Male');
    await page.locator('#profile-1-joined').selectOption('2002-2007');
    await page.locator('#profile-1-age').selectOption('20-40');

    // A transition nobody makes: main's data check (analyses.validate) refuses it, and its message
    // stands under the grid with that box marked.
    await cell('UnsubPaused', 'Paused').check();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const noEvents = page.getByText(
      /transition 8 \(UnsubPaused -> Paused\): no customer .* makes this transition/,
    );
    await noEvents.waitFor({ timeout: 30_000 });
    assert.match(
      (await cell('UnsubPaused', 'Paused').locator('xpath=ancestor::td').getAttribute('class')) ?? '',
      /\bbad\b/,
    );
    await shotWhole('03a-no-events', 'fieldset:has(legend:has-text("States and transitions"))');
    await cell('UnsubPaused', 'Paused').uncheck();
    await noEvents.waitFor({ state: 'detached' });

    // Checked against the data by main (analyses.validate), without running.
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText(/^Checked against the data/).waitFor({ timeout: 30_000 });
    await shotWhole('03-wizard-ready', 'form.wizard');

    // Run: the charts and tables of the results.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-table=transitions]').waitFor({ timeout: 120_000 });
    await page.getByText(/3,000 customers · 8 transitions · [\d,]+ events/).waitFor();
    for (const chart of [
      'transition_diagram',
      'cumulative_hazards',
      'stacked_probabilities',
      'probability_lines',
      'hazard_ratios',
      'profile_comparison',
      'profile_difference',
    ])
      await page.locator(`[data-chart=${chart}] canvas`).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await shot('04-results');
    await shotWhole('05-results-whole');

    // A table as CSV: every row, full precision.
    const download = page.waitForEvent('download');
    await page.locator('[data-table=transitions]').getByRole('button', { name: 'CSV' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'transitions.csv');
    const saved = join(dir, 'transitions.csv');
    await file.saveAs(saved);
    const csv = readFileSync(saved, 'utf8').trim().split('\n');
    assert.equal(csv[0], 'trans,from,to,count,proportion');
    assert.equal(csv.length, 9);
    assert.match(csv[1]!, /^1,Subscribed,EmailUnsub,\d+,0\.\d{10,}/);

    // The options come back as entered.
    await page.getByRole('button', { name: 'Options…' }).click();
    assert.equal(await page.getByLabel('Name of state 3').inputValue(), 'Paused');
    assert.equal(await page.getByLabel('Time column of Cancelled').inputValue(), 'St5');
    assert.equal(await page.getByLabel('Reference level of age').inputValue(), '<20');
    assert.equal(await cell('Subscribed', 'Cancelled').isChecked(), true);
    assert.equal(await page.locator('#profile-1-gender').inputValue(), 'Male');

    // Dark theme: the wizard and the results.
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForTimeout(400);
    await shotWhole('06-wizard-dark', 'form.wizard');
    await page.getByRole('button', { name: 'Hide options' }).click();
    await page.waitForTimeout(400);
    await shot('07-results-dark');

    assert.deepEqual(pageErrors, [], 'no errors in the page (CSP violations included)');
  },
);

test(
  'the demo project’s multistate analysis reopens in the wizard as saved',
  { skip, timeout: 300_000 },
  async () => {
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.getByRole('button', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'Open demo project' }).click();
    await page
      .getByRole('button', { name: /Subscription churn paths/ })
      .first()
      .click({ timeout: 240_000 });
    await page.getByText(/1,500 customers · 8 transitions · [\d,]+ events/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Options…' }).click();
    assert.equal(await page.getByLabel('Name of state 5').inputValue(), 'Cancelled');
    assert.equal(await page.getByLabel('Status column of UnsubPaused').inputValue(), 'St4.s');
    assert.equal(await page.getByLabel('Reference level of age').inputValue(), '<=20');
    assert.equal(await page.getByLabel('Time points').inputValue(), '100, 365, 1000, 3000');
    assert.equal(
      await page.locator('#profile-0-joined').inputValue(),
      '2018',
      'a numeric covariate: a number',
    );
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText(/^Checked against the data/).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('form.wizard .msg').count(), 0, 'no message about saved options');
    await shotWhole('08-demo-options', 'form.wizard');
    assert.deepEqual(pageErrors, [], 'no errors in the page');
  },
);
