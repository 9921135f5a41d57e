// Electron's HostServices: every path comes from a dialog (a fake here), with the project
// and data filters; cancelling gives undefined; typed names from the page are ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFilters, electronHostServices, projectFilters } from '../../../main/app/electronHostServices.ts';
import type {
  BrowserWindowLike,
  Dialog,
  OpenDialogOptions,
  SaveDialogOptions,
} from '../../../main/app/electronTypes.ts';
import { tempDir } from '../../helpers/tmp.ts';

function fakeDialog(answer: { save?: string; open?: string }) {
  const calls: (SaveDialogOptions | OpenDialogOptions)[] = [];
  const dialog: Dialog = {
    showSaveDialog: async (_w, options) => {
      calls.push(options);
      return answer.save ? { canceled: false, filePath: answer.save } : { canceled: true };
    },
    showOpenDialog: async (_w, options) => {
      calls.push(options);
      return answer.open ? { canceled: false, filePaths: [answer.open] } : { canceled: true, filePaths: [] };
    },
    showErrorBox: () => undefined,
  };
  return { dialog, calls };
}

const window = () => ({}) as BrowserWindowLike;

test('filters: Pathwise projects, and csv/tsv/txt/xlsx data', () => {
  assert.deepEqual(projectFilters, [{ name: 'Pathwise project', extensions: ['pathwise'] }]);
  assert.deepEqual(dataFilters[0]?.extensions, ['csv', 'tsv', 'txt', 'xlsx']);
});

test('paths come from the dialogs; the page-typed name is ignored', async () => {
  const dir = tempDir('electron-host-');
  const { dialog, calls } = fakeDialog({ save: join(dir, 'Chosen'), open: join(dir, 'data.csv') });
  const host = electronHostServices({ dialog, window, dataDir: dir, documentsDir: join(dir, 'docs') });
  assert.equal(host.mode, 'electron');
  assert.equal(await host.chooseNewProject('Untitled.pathwise', '../../evil'), join(dir, 'Chosen.pathwise'));
  assert.deepEqual(calls[0]?.filters, projectFilters);
  assert.equal(await host.chooseDataFile('0'.repeat(32)), join(dir, 'data.csv'));
  assert.deepEqual(calls[1]?.filters, dataFilters);
  assert.equal(await host.saveFile('chart.svg', new TextEncoder().encode('<svg/>')), true);
  assert.equal(readFileSync(join(dir, 'Chosen'), 'utf8'), '<svg/>');
});

test('cancelled dialogs choose nothing', async () => {
  const dir = tempDir('electron-host-');
  const { dialog } = fakeDialog({});
  const host = electronHostServices({ dialog, window, dataDir: dir, documentsDir: join(dir, 'docs') });
  assert.equal(await host.chooseNewProject('Untitled.pathwise'), undefined);
  assert.equal(await host.chooseProjectToOpen(), undefined);
  assert.equal(await host.chooseSaveAs('a.pathwise'), undefined);
  assert.equal(await host.chooseDataFile(), undefined);
  assert.equal(await host.saveFile('x.csv', new Uint8Array()), false);
});
