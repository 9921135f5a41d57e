// Starts the browser host in-process for tests: a temp data dir, a stub renderer build (the
// host's behaviour does not depend on the renderer), a free port; plus a WebSocket client that
// speaks main/host/protocol.md and a helper that expects an upgrade to be refused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import WebSocket from 'ws';
import { PathwiseApi } from '../../../main/api.ts';
import { browserHostServices } from '../../../main/host/browserHostServices.ts';
import { startHost, type RunningHost } from '../../../main/host/server.ts';
import { UploadStore } from '../../../main/host/uploads.ts';
import { repoRoot } from '../../helpers/tmp.ts';

export interface TestHost {
  host: RunningHost;
  api: PathwiseApi;
  dataDir: string;
  distDir: string;
}

export const stubIndex =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head>' +
  '<body><button>Open demo project</button></body></html>';

export async function startTestHost(): Promise<TestHost> {
  // Removed by our own `after`, once the project is closed (tempDir's hook could run first).
  mkdirSync(join(repoRoot, 'test', 'tmp'), { recursive: true });
  const root = mkdtempSync(join(repoRoot, 'test', 'tmp', 'host-'));
  const dataDir = join(root, 'data');
  const distDir = join(root, 'dist');
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  writeFileSync(join(distDir, 'index.html'), stubIndex);
  writeFileSync(join(distDir, 'assets', 'app.js'), 'export const app = 1;\n');
  writeFileSync(join(distDir, 'assets', 'app.css'), 'body { margin: 0; }\n');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
  const uploads = new UploadStore();
  const api = new PathwiseApi(browserHostServices(dataDir, uploads));
  const host = await startHost({ api, uploads, distDir, log: () => undefined });
  after(async () => {
    await host.close();
    await api.shutdown();
    rmSync(root, { recursive: true, force: true });
  });
  return { host, api, dataDir, distDir };
}

export type Reply =
  | { id: unknown; ok: true; result: unknown }
  | { id: unknown; ok: false; error: { message: string; kind: 'input' | 'internal' } };

export interface Client {
  call(channel: string, payload?: unknown): Promise<Reply>;
  /** Calls and returns the result; throws with the message on {ok: false}. */
  ok<T = unknown>(channel: string, payload?: unknown): Promise<T>;
  send(text: string): Promise<Reply>;
  events: { type: string; jobId?: string; fraction?: number; message?: string }[];
  close(): void;
}

export function connect(host: RunningHost): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: host.origin });
  const pending = new Map<unknown, (reply: Reply) => void>();
  const anonymous: ((reply: Reply) => void)[] = [];
  const events: Client['events'] = [];
  let next = 1;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Reply | { event: Client['events'][number] };
    if ('event' in message) {
      events.push(message.event);
      return;
    }
    const resolve = message.id === null ? anonymous.shift() : pending.get(message.id);
    pending.delete(message.id);
    resolve?.(message);
  });
  const client: Client = {
    events,
    call(channel, payload = {}) {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, payload }));
      });
    },
    async ok<T>(channel: string, payload: unknown = {}) {
      const reply = await client.call(channel, payload);
      if (!reply.ok) throw new Error(`${channel}: ${reply.error.kind}: ${reply.error.message}`);
      return reply.result as T;
    },
    send(text) {
      return new Promise((resolve) => {
        anonymous.push(resolve);
        ws.send(text);
      });
    },
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

/** Tries an upgrade and gives the HTTP status it was refused with (or 101 if it opened). */
export function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

export async function request(
  host: RunningHost,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const { request: httpRequest } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
