// The sandboxed preload: the page's only door to main. It exposes two named functions on
// window.pathwise through contextBridge and nothing else (never ipcRenderer, never a generic
// send): invoke(channel, payload) for the page channels of shared/api.ts, and onEvent(cb).
// Plain CommonJS, because a sandboxed preload can require only 'electron' and cannot load
// TypeScript; the channel list is therefore copied here, and test/unit/app/preload.test.ts
// fails if it differs from pageChannels.
'use strict';
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS
const { contextBridge, ipcRenderer } = require('electron');

const invokeChannel = 'pathwise:invoke';
const eventChannel = 'pathwise:event';

const pageChannels = Object.freeze([
  'project.close',
  'project.info',
  'project.history',
  'datasets.list',
  'datasets.rows',
  'datasets.summary',
  'datasets.rename',
  'datasets.delete',
  'analyses.definitions',
  'analyses.list',
  'analyses.create',
  'analyses.update',
  'analyses.validate',
  'analyses.rename',
  'analyses.duplicate',
  'analyses.delete',
  'runs.list',
  'runs.start',
  'runs.wait',
  'runs.active',
  'runs.cancel',
  'runs.result',
  'runs.delete',
  'backend.info',
  'app.info',
  'app.recent',
  'app.projects',
  'app.newProject',
  'app.openProject',
  'app.openDemo',
  'app.saveAs',
  'app.chooseDataFile',
  'app.saveFile',
  'datasets.previewFile',
  'datasets.importFile',
]);

/**
 * Calls a page channel. Resolves with the result; rejects with a plain {message, kind} object
 * (kind 'input' is the analyst's to fix, 'internal' a bug), which survives the context bridge.
 */
async function invoke(channel, payload) {
  if (typeof channel !== 'string' || !pageChannels.includes(channel)) {
    throw { message: `"${String(channel)}" is not a channel a page may call`, kind: 'input' };
  }
  const outcome = await ipcRenderer.invoke(invokeChannel, channel, payload);
  if (outcome && outcome.ok === true) return outcome.result;
  const error = (outcome && outcome.error) || { message: 'no answer from main', kind: 'internal' };
  throw { message: String(error.message), kind: error.kind === 'internal' ? 'internal' : 'input' };
}

/** Subscribes to ApiEvents; returns the function that unsubscribes. The IPC event object is never passed on. */
function onEvent(callback) {
  if (typeof callback !== 'function') throw new TypeError('onEvent needs a function');
  const listener = (_ipcEvent, apiEvent) => callback(apiEvent);
  ipcRenderer.on(eventChannel, listener);
  return () => {
    ipcRenderer.removeListener(eventChannel, listener);
  };
}

contextBridge.exposeInMainWorld('pathwise', Object.freeze({ invoke, onEvent }));
