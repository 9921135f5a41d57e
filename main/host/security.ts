// The browser host's security decisions as pure functions, so that tests can check each one:
// the Content-Security-Policy and other headers on every response, the per-launch token
// (compared in constant time) and the exact Origin and Host a request must carry.
// Why each matters is in docs/security.md ("Browser mode").
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as 64 hex characters, new for every launch. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison; false for a missing or differently sized candidate. */
export function tokenMatches(expected: string, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(candidate, 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time the same.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** The only origin a page of ours can have: the loopback address and port we print. */
export function originFor(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** Exactly our origin; a missing Origin (not a browser page of ours) is refused too. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === originFor(port);
}

/**
 * The Host header must name our loopback address, so that a page on another site whose DNS
 * name was rebound to 127.0.0.1 cannot read even the public files through its own name.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}`;
}

/**
 * The strict policy of both hosts: our own scripts only, no inline script, no eval, no
 * framing, no forms; `connect` adds where the page may open connections besides itself.
 */
export function strictContentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Browser mode: the page also talks to our loopback WebSocket. */
export function contentSecurityPolicy(port: number): string {
  return strictContentSecurityPolicy([`ws://127.0.0.1:${port}`]);
}

/** Headers sent with every response, errors and refusals included. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}

/**
 * A file name sent by the page (X-File-Name, percent-encoded) reduced to a plain base name:
 * no folders, no control or reserved characters, no leading dots; undefined when nothing is left.
 */
export function sanitizeFileName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const last = decoded.split(/[/\\]/).pop() ?? '';
  const cleaned = last
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f:*?"<>|]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 120);
  return cleaned.length > 0 ? cleaned : undefined;
}
