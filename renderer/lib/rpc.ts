// The page's side of the API protocol, without the DOM: typed `invoke` over a Transport, and
// the WebSocket transport's message handling (request ids, replies, pushed events). Kept free
// of browser globals so node:test can drive it with a fake socket.
//   page -> {id, channel, payload}
//   host -> {id, ok: true, result} | {id, ok: false, error: {message, kind}} | {event}
import type { ApiEvent, Channel, Request, Response } from '../../shared/api.ts';

export type ErrorKind = 'input' | 'internal';

/** An error from main, with the message the analyst reads and whose it is to fix. */
export class ApiError extends Error {
  readonly kind: ErrorKind;
  constructor(message: string, kind: ErrorKind) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
  }
}

export interface Transport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

/** The typed API: one method, the channel names and payloads checked by TypeScript. */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  invoke<C extends Channel>(channel: C, payload: Request<C>): Promise<Response<C>> {
    return this.transport.invoke(channel, payload) as Promise<Response<C>>;
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    return this.transport.onEvent(listener);
  }
}

/** The part of a WebSocket this module uses (browsers' WebSocket fits it). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

const OPEN = 1;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Requests over a WebSocket. The socket is opened on first use and again after it drops (the
 * pending requests of a dropped socket fail with a message saying so); event listeners stay.
 */
export class SocketTransport implements Transport {
  private socket: SocketLike | undefined;
  private opening: Promise<SocketLike> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  constructor(private readonly connect: () => SocketLike) {}

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async invoke(channel: string, payload: unknown): Promise<unknown> {
    const socket = await this.open();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, channel, payload }));
    });
  }

  /** Opens the socket now (the page calls this at start so events flow before any request). */
  open(): Promise<SocketLike> {
    if (this.socket && this.socket.readyState === OPEN) return Promise.resolve(this.socket);
    if (this.opening) return this.opening;
    this.opening = new Promise<SocketLike>((resolve, reject) => {
      const socket = this.connect();
      let opened = false;
      socket.onopen = () => {
        opened = true;
        this.socket = socket;
        this.opening = undefined;
        resolve(socket);
      };
      socket.onmessage = (ev) => this.receive(ev.data);
      socket.onerror = () => undefined;
      socket.onclose = () => {
        if (this.socket === socket) this.socket = undefined;
        this.opening = undefined;
        const error = new ApiError('the connection to Pathwise was lost: reload the page', 'internal');
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        if (!opened) reject(new ApiError('cannot connect to Pathwise: is it still running?', 'internal'));
      };
    });
    return this.opening;
  }

  /** Handles one message from the host. */
  receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    const m = message as {
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: { message?: string; kind?: string };
      event?: ApiEvent;
    };
    if (m.event) {
      for (const listener of this.listeners) listener(m.event);
      return;
    }
    if (typeof m.id !== 'number') return;
    const pending = this.pending.get(m.id);
    if (!pending) return;
    this.pending.delete(m.id);
    if (m.ok) pending.resolve(m.result);
    else
      pending.reject(
        new ApiError(m.error?.message ?? 'unknown error', m.error?.kind === 'input' ? 'input' : 'internal'),
      );
  }
}

/** The Electron preload's bridge (window.pathwise): named functions only. */
export interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

/** Electron's IPC rejects with "Error invoking remote method 'x': Error: message"; keep the message. */
export function cleanIpcMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*':\s*/, '').replace(/^(Input)?Error:\s*/, '');
}

export class PreloadTransport implements Transport {
  constructor(private readonly bridge: PreloadBridge) {}

  async invoke(channel: string, payload: unknown): Promise<unknown> {
    try {
      return await this.bridge.invoke(channel, payload);
    } catch (err) {
      const e = err as { message?: string; kind?: string };
      const message = cleanIpcMessage(e.message ?? String(err));
      throw new ApiError(message, e.kind === 'internal' ? 'internal' : 'input');
    }
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    return this.bridge.onEvent(listener);
  }
}
