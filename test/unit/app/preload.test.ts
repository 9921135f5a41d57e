// The preload exposes exactly two named functions, never ipcRenderer, and only lets the page
// call the channels of pageChannels. It is run here with a fake `electron` module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { preloadPath } from '../../../main/app/windowOptions.ts';
import { pageChannels } from '../../../shared/api.ts';
import { eventChannel, invokeChannel } from '../../../main/app/ipc.ts';

const source = readFileSync(preloadPath, 'utf8');

interface Bridge {
  invoke(channel: unknown, payload: unknown): Promise<unknown>;
  onEvent(callback: (event: unknown) => void): () => void;
}

function loadPreload(answer: (channel: string, payload: unknown) => unknown) {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return answer(args[1] as string, args[2]);
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
  const required: string[] = [];
  runInNewContext(source, {
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`preload required ${name}`);
      return electron;
    },
  });
  return { exposed, invoked, listeners, required };
}

test('exposes only window.pathwise with the named functions invoke and onEvent', () => {
  const { exposed, required } = loadPreload(() => ({ ok: true, result: null }));
  assert.deepEqual([...exposed.keys()], ['pathwise']);
  const bridge = exposed.get('pathwise') as Record<string, unknown>;
  assert.deepEqual(Object.keys(bridge).sort(), ['invoke', 'onEvent']);
  assert.ok(Object.isFrozen(bridge));
  for (const value of Object.values(bridge)) assert.equal(typeof value, 'function');
  assert.deepEqual(required, ['electron']);
});

test('never exposes ipcRenderer or a generic send', () => {
  const exposeCalls = source.match(/exposeInMainWorld\(([^)]*)\)/g) ?? [];
  assert.equal(exposeCalls.length, 1);
  assert.ok(!/ipcRenderer/.test(exposeCalls[0]!));
  assert.ok(!/ipcRenderer\.send\b|ipcRenderer\.sendSync|\.sendTo\b/.test(source));
  assert.ok(!/exposeInMainWorld\([^)]*ipcRenderer/.test(source));
});

test('its channel list is exactly pageChannels', () => {
  const listed = [...source.matchAll(/^\s+'([a-zA-Z]+\.[a-zA-Z]+)',$/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...pageChannels].sort());
});

test('invoke forwards page channels only and unwraps outcomes', async () => {
  const { exposed, invoked } = loadPreload((channel) =>
    channel === 'project.info'
      ? { ok: true, result: { path: 'x' } }
      : { ok: false, error: { message: 'nope', kind: 'input' } },
  );
  const bridge = exposed.get('pathwise') as Bridge;
  assert.deepEqual(await bridge.invoke('project.info', {}), { path: 'x' });
  assert.deepEqual(invoked[0], [invokeChannel, 'project.info', {}]);
  await assert.rejects(bridge.invoke('datasets.list', {}), { message: 'nope', kind: 'input' });
  for (const channel of ['project.open', 'datasets.import', 'constructor', '__proto__', 42]) {
    await assert.rejects(bridge.invoke(channel, { path: '/etc/passwd' }), { kind: 'input' });
  }
  assert.equal(invoked.length, 2);
});

test('onEvent passes the event, not the IPC event object, and unsubscribes', () => {
  const { exposed, listeners } = loadPreload(() => null);
  const bridge = exposed.get('pathwise') as Bridge;
  const seen: unknown[] = [];
  const stop = bridge.onEvent((e) => seen.push(e));
  const ipcListener = listeners.get(eventChannel)!;
  ipcListener({ sender: 'secret' }, { type: 'job.progress' });
  assert.deepEqual(seen, [{ type: 'job.progress' }]);
  stop();
  assert.equal(listeners.has(eventChannel), false);
});
