// The browser-mode host: PathwiseApi over a loopback WebSocket, plus the built renderer and an
// upload endpoint, on 127.0.0.1 only. It adapts the API and adds no logic of its own. The
// protocol is in main/host/protocol.md; the reasons for each check are in docs/security.md.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { PathwiseApi } from '../api.ts';
import { dispatch } from './dispatch.ts';
import {
  isAllowedHost,
  isAllowedOrigin,
  newToken,
  originFor,
  sanitizeFileName,
  securityHeaders,
  tokenMatches,
} from './security.ts';
import { resolveStatic, sendFile } from './staticFiles.ts';
import { UploadTooLargeError, type UploadStore } from './uploads.ts';

export const maxMessageBytes = 32 * 1024 * 1024;

export interface HostOptions {
  api: PathwiseApi;
  uploads: UploadStore;
  /** The built renderer (renderer/dist). */
  distDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Fixed token (tests); a new random one otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningHost {
  port: number;
  token: string;
  origin: string;
  /** The address to open: http://127.0.0.1:PORT/?token=TOKEN */
  url: string;
  server: Server;
  /** Stops accepting, closes every socket and removes uploads. Does not shut the API down. */
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { api, uploads, distDir } = options;
  const token = options.token ?? newToken();
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  let port = 0;
  const headers = () => securityHeaders(port);

  const refuse = (res: ServerResponse, status: number, message: string) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end(message + '\n');
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { ...headers(), 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const handleUpload = async (req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedOrigin(req.headers.origin, port)) return refuse(res, 403, 'forbidden');
    if (!tokenMatches(token, headerValue(req.headers['x-pathwise-token']))) {
      return refuse(res, 403, 'forbidden');
    }
    const name = sanitizeFileName(headerValue(req.headers['x-file-name']));
    if (!name) return refuse(res, 400, 'X-File-Name is missing');
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > uploads.limit) {
      return refuse(res, 413, new UploadTooLargeError(uploads.limit).message);
    }
    try {
      const uploadId = await uploads.receive(req, name);
      json(res, 200, { uploadId });
    } catch (err) {
      if (err instanceof UploadTooLargeError) refuse(res, 413, err.message);
      else {
        log(`pathwise: upload failed: ${(err as Error).message}`);
        refuse(res, 500, 'the upload failed');
      }
    }
  };

  const server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, port)) return refuse(res, 421, 'wrong host');
    const url = new URL(req.url ?? '/', originFor(port));
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return refuse(res, 405, 'method not allowed');
      void handleUpload(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    if (url.pathname === '/api') return refuse(res, 426, 'upgrade required');
    // The raw path, not URL's normalised one, so that "/../x" and "%2e%2e" are seen and refused.
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const found = resolveStatic(distDir, rawPath);
    if (found.kind === 'bad') return refuse(res, 400, 'bad path');
    if (found.kind === 'missing') return refuse(res, 404, 'not found');
    sendFile(res, found.path, req.method === 'HEAD', headers());
  });
  server.headersTimeout = 30_000;
  // Uploads may be large and slow: no overall request timeout, but idle sockets still time out.
  server.requestTimeout = 0;

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', originFor(port));
    const ok =
      url.pathname === '/api' &&
      isAllowedHost(req.headers.host, port) &&
      isAllowedOrigin(req.headers.origin, port) &&
      tokenMatches(token, url.searchParams.get('token'));
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void handleMessage(ws, data, isBinary);
    });
  });

  const handleMessage = async (ws: WebSocket, data: RawData, isBinary: boolean) => {
    const reply = (body: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(body));
    };
    const bad = (message: string, id: unknown = null) =>
      reply({ id, ok: false, error: { kind: 'input', message } });
    if (isBinary) return bad('messages must be JSON text');
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      return bad('the message is not valid JSON');
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return bad('a message is an object {id, channel, payload}');
    }
    const { id, channel, payload } = message as { id?: unknown; channel?: unknown; payload?: unknown };
    const validId =
      (typeof id === 'string' && id.length <= 100) || (typeof id === 'number' && Number.isFinite(id));
    if (!validId) return bad('a message needs an id (a string or a number)');
    if (typeof channel !== 'string') return bad('a message needs a channel', id);
    const outcome = await dispatch(api, channel, payload, log);
    reply({ id, ...outcome });
  };

  const stopEvents = api.onEvent((event) => {
    const text = JSON.stringify({ event });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: never 0.0.0.0, never "localhost" (which may resolve to ::1 or elsewhere).
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = originFor(port);

  return {
    port,
    token,
    origin,
    url: `${origin}/?token=${token}`,
    server,
    async close() {
      stopEvents();
      for (const ws of clients) ws.terminate();
      clients.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      uploads.clear();
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
