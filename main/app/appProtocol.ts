// The renderer is loaded from a custom app:// scheme rather than file://, so that the page has
// a real origin (app://pathwise), cannot read the disk through file:// URLs, and every
// response carries our CSP. Pure parts (the scheme, the policy, URL checks, request -> file)
// are here without Electron; main.ts registers the handler.
import { readFile } from 'node:fs/promises';
import { resolveStatic, contentTypeFor } from '../host/staticFiles.ts';
import { strictContentSecurityPolicy } from '../host/security.ts';

export const appScheme = 'app';
export const appHost = 'pathwise';
export const appOrigin = `${appScheme}://${appHost}`;
export const appIndexUrl = `${appOrigin}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged: a standard, secure origin; no CORS bypass. */
export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  bypassCSP: false,
  stream: false,
  allowServiceWorkers: false,
};

/** The same strict policy as browser mode, without the loopback WebSocket (IPC is used instead). */
export function appContentSecurityPolicy(): string {
  return strictContentSecurityPolicy();
}

export function appSecurityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': appContentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** True for URLs of our own app origin (app://pathwise/...), false for anything else or garbage. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${appScheme}:` &&
      parsed.host === appHost &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** Answers one app:// request from the built renderer folder (GET only, no traversal). */
export async function appResponse(
  distDir: string,
  request: { url: string; method: string },
): Promise<Response> {
  const headers = appSecurityHeaders();
  if (!isAppUrl(request.url)) return new Response('not found', { status: 404, headers });
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return new Response('method not allowed', { status: 405, headers });
  // The raw path, so that encoded ".." is seen and refused.
  const raw = request.url.slice(appOrigin.length).split(/[?#]/)[0] || '/';
  const found = resolveStatic(distDir, raw);
  if (found.kind !== 'file')
    return new Response('not found', { status: found.kind === 'bad' ? 400 : 404, headers });
  const body = request.method === 'HEAD' ? null : await readFile(found.path);
  return new Response(body, {
    status: 200,
    headers: { ...headers, 'Content-Type': contentTypeFor(found.path) },
  });
}
