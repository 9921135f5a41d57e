// The main window's webPreferences hold the secure values of Electron's checklist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mainWindowOptions, preloadPath } from '../../../main/app/windowOptions.ts';
import { repoRoot } from '../../helpers/tmp.ts';

test('webPreferences: sandboxed, isolated, no Node, no webview, no spellcheck', () => {
  for (const devTools of [false, true]) {
    const prefs = mainWindowOptions({ devTools }).webPreferences;
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.enableBlinkFeatures, '');
    assert.equal(prefs.spellcheck, false);
    assert.equal(prefs.devTools, devTools);
  }
  assert.equal(mainWindowOptions().webPreferences.devTools, false);
  assert.equal(mainWindowOptions().show, false);
});

test('the preload is the CommonJS file next to it', () => {
  assert.equal(mainWindowOptions().webPreferences.preload, preloadPath);
  assert.equal(preloadPath, join(repoRoot, 'main', 'app', 'preload.cjs'));
  assert.ok(existsSync(preloadPath));
});

test('windowOptions.ts does not import electron', () => {
  const source = readFileSync(join(repoRoot, 'main', 'app', 'windowOptions.ts'), 'utf8');
  assert.ok(!/from ['"]electron['"]|import\(['"]electron['"]\)|require\(['"]electron['"]\)/.test(source));
});
