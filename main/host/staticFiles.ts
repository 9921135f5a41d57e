// Serves the built renderer (renderer/dist) read-only: index.html for "/", known content
// types, no directory listings, and no way out of the folder (".." segments, encoded or not,
// backslashes, NUL and symbolic links that leave the folder are all refused).
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeFor(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type Resolved = { kind: 'file'; path: string } | { kind: 'bad' } | { kind: 'missing' };

/**
 * Maps a URL path ("/assets/x.js") to a file inside `root`, or says why not. A path without
 * an extension that names no file falls back to index.html (the renderer's own routes).
 */
export function resolveStatic(root: string, urlPath: string): Resolved {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad' };
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'bad' };
  // Dot-files (.env, .git) are never part of a build.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { kind: 'missing' };
  }
  const candidate = segments.length === 0 ? join(realRoot, 'index.html') : join(realRoot, ...segments);
  const found = fileInside(realRoot, candidate);
  if (found) return { kind: 'file', path: found };
  const last = segments.at(-1) ?? '';
  if (!last.includes('.')) {
    const index = fileInside(realRoot, join(realRoot, 'index.html'));
    if (index) return { kind: 'file', path: index };
  }
  return { kind: 'missing' };
}

function fileInside(realRoot: string, candidate: string): string | undefined {
  try {
    const real = realpathSync(candidate);
    if (!real.startsWith(realRoot + sep)) return undefined;
    return statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Streams a resolved file; HEAD gets the headers only. */
export function sendFile(
  res: ServerResponse,
  path: string,
  headOnly: boolean,
  headers: Record<string, string>,
): void {
  const size = statSync(path).size;
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeFor(path),
    'Content-Length': String(size),
    // index.html must always be fresh (it names the hashed assets); assets are content-hashed.
    'Cache-Control': path.endsWith('.html') ? 'no-store' : 'no-cache',
  });
  if (headOnly) {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
