// The API client the screens use, over whichever transport the page runs in: the Electron
// preload bridge (window.pathwise) or, in browser mode, a WebSocket to the loopback host
// authenticated by the per-launch token. The token arrives in the address (?token=...), is
// removed from it at once (history.replaceState) and kept in sessionStorage for reloads.
import { ApiClient, PreloadTransport, SocketTransport, type PreloadBridge, type SocketLike } from './rpc.ts';

const tokenKey = 'pathwise.token';

declare global {
  interface Window {
    pathwise?: PreloadBridge;
  }
}

/** The per-launch token: from the address on first load, from sessionStorage after a reload. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(tokenKey);
}

export type Mode = 'electron' | 'browser';

export interface Connection {
  api: ApiClient;
  mode: Mode;
  /** Browser mode only: the token for uploads. */
  token: string | null;
  /** Browser mode only: resolves when the socket is open (rejects when it cannot connect). */
  ready: Promise<void>;
}

export function connect(): Connection {
  if (window.pathwise) {
    return {
      api: new ApiClient(new PreloadTransport(window.pathwise)),
      mode: 'electron',
      token: null,
      ready: Promise.resolve(),
    };
  }
  const token = takeToken();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const address = `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token ?? '')}`;
  const transport = new SocketTransport(() => new WebSocket(address) as unknown as SocketLike);
  return {
    api: new ApiClient(transport),
    mode: 'browser',
    token,
    ready: transport.open().then(() => undefined),
  };
}

/** Browser mode: sends a chosen file to the host, which keeps it for app.chooseDataFile. */
export async function uploadFile(token: string, file: File): Promise<string> {
  const res = await fetch('/upload', {
    method: 'POST',
    headers: {
      'X-Pathwise-Token': token,
      'X-File-Name': encodeURIComponent(file.name),
      'Content-Type': 'application/octet-stream',
    },
    body: file,
  });
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new Error(text || `upload failed (${res.status})`);
  }
  const body = (await res.json()) as { uploadId?: string };
  if (!body.uploadId) throw new Error('upload failed: no upload id');
  return body.uploadId;
}
