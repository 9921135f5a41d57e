// The Electron IPC adapter with a fake ipcMain and a real PathwiseApi: senders outside our
// origin are refused, only page channels are served, payloads are parsed, events forwarded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PathwiseApi } from '../../../main/api.ts';
import { cliHostServices } from '../../../main/hostServices.ts';
import { eventChannel, invokeChannel, registerIpc } from '../../../main/app/ipc.ts';
import type {
  IpcMainInvokeEventLike,
  IpcMainLike,
  WebContentsLike,
  WebFrameMainLike,
} from '../../../main/app/electronTypes.ts';
import { tempDir } from '../../helpers/tmp.ts';

type Handler = (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (channel) => handlers.delete(channel),
  };
  const sent: unknown[][] = [];
  const contents = {
    send: (...args: unknown[]) => sent.push(args),
    isDestroyed: () => false,
  } as unknown as WebContentsLike;
  const api = new PathwiseApi(cliHostServices(join(tempDir('ipc-'), 'data')));
  const stop = registerIpc(ipcMain, api, () => [contents]);
  const frame = (url: string, top?: WebFrameMainLike): WebFrameMainLike => ({ url, top: top ?? null });
  const call = (senderFrame: WebFrameMainLike | null, channel: unknown, payload: unknown) =>
    handlers.get(invokeChannel)!({ senderFrame, sender: contents }, channel, payload);
  return { handlers, api, stop, sent, frame, call };
}

test('answers page channels from our app origin', async () => {
  const { call, frame, stop, handlers } = setup();
  assert.deepEqual(await call(frame('app://pathwise/index.html'), 'project.info', {}), {
    ok: true,
    result: null,
  });
  stop();
  assert.equal(handlers.size, 0);
});

test('refuses senders from any other origin, or a frame inside a foreign page', async () => {
  const { call, frame } = setup();
  for (const url of ['https://example.com/', 'file:///tmp/x.html', 'http://127.0.0.1:1234/', 'about:blank']) {
    const outcome = (await call(frame(url), 'project.info', {})) as { ok: boolean };
    assert.equal(outcome.ok, false, url);
  }
  const nested = (await call(
    frame('app://pathwise/index.html', frame('https://evil.example/')),
    'project.info',
    {},
  )) as {
    ok: boolean;
  };
  assert.equal(nested.ok, false);
  assert.equal(((await call(null, 'project.info', {})) as { ok: boolean }).ok, false);
});

test('refuses non-page channels and parses payloads', async () => {
  const { call, frame } = setup();
  const app = frame('app://pathwise/index.html');
  const open = (await call(app, 'project.open', { path: '/etc/passwd' })) as {
    ok: boolean;
    error: { kind: string };
  };
  assert.equal(open.ok, false);
  assert.equal(open.error.kind, 'input');
  const bad = (await call(app, 'runs.list', { analysisId: 'x' })) as { ok: boolean; error: { kind: string } };
  assert.equal(bad.ok, false);
  assert.equal(bad.error.kind, 'input');
});

test('events go to the window on the event channel', () => {
  const { api, sent } = setup();
  (api as unknown as { emit(e: unknown): void }).emit({
    type: 'job.progress',
    jobId: 'j',
    fraction: 0.5,
    message: 'm',
  });
  assert.deepEqual(sent, [[eventChannel, { type: 'job.progress', jobId: 'j', fraction: 0.5, message: 'm' }]]);
});
