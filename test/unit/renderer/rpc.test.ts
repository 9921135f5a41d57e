// The page's protocol client (renderer/lib/rpc.ts) against a fake socket: ids, replies in any
// order, errors with their kind, pushed events, and a dropped connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient,
  ApiError,
  cleanIpcMessage,
  SocketTransport,
  type SocketLike,
} from '../../../renderer/lib/rpc.ts';
import type { ApiEvent } from '../../../shared/api.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { id: number; channel: string; payload: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as { id: number; channel: string; payload: unknown });
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

test('requests carry ids; replies resolve or reject with the error kind; events reach listeners', async () => {
  const sockets: FakeSocket[] = [];
  const transport = new SocketTransport(() => {
    const s = new FakeSocket();
    sockets.push(s);
    queueMicrotask(() => s.open());
    return s;
  });
  const api = new ApiClient(transport);
  const events: ApiEvent[] = [];
  api.onEvent((e) => events.push(e));

  const list = api.invoke('datasets.list', {});
  const info = api.invoke('project.info', {});
  await new Promise((r) => setTimeout(r, 0));
  const socket = sockets[0]!;
  assert.deepEqual(
    socket.sent.map((m) => m.channel),
    ['datasets.list', 'project.info'],
  );
  socket.reply({
    id: socket.sent[1]!.id,
    ok: false,
    error: { message: 'no project is open', kind: 'input' },
  });
  socket.reply({ id: socket.sent[0]!.id, ok: true, result: [] });
  socket.reply({ event: { type: 'job.progress', jobId: 'j', fraction: 0.5, message: 'half' } });
  assert.deepEqual(await list, []);
  await assert.rejects(
    info,
    (err: unknown) => err instanceof ApiError && err.kind === 'input' && /no project/.test(err.message),
  );
  assert.deepEqual(events, [{ type: 'job.progress', jobId: 'j', fraction: 0.5, message: 'half' }]);
  socket.reply('not json');
  socket.onmessage?.({ data: 'not json' });

  const pending = api.invoke('datasets.list', {});
  await new Promise((r) => setTimeout(r, 0));
  socket.close();
  await assert.rejects(pending, /connection to Pathwise was lost/);
  // The next request opens a new socket.
  const again = api.invoke('datasets.list', {});
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(sockets.length, 2);
  sockets[1]!.reply({ id: sockets[1]!.sent[0]!.id, ok: true, result: [1] });
  assert.deepEqual(await again, [1]);
});

test('a socket that never opens fails with a message saying so', async () => {
  const transport = new SocketTransport(() => {
    const s = new FakeSocket();
    queueMicrotask(() => s.close());
    return s;
  });
  await assert.rejects(transport.invoke('project.info', {}), /cannot connect/);
});

test("Electron's IPC error prefix is removed", () => {
  assert.equal(
    cleanIpcMessage(
      "Error invoking remote method 'pathwise:invoke': Error: this project was saved by a newer version",
    ),
    'this project was saved by a newer version',
  );
});
