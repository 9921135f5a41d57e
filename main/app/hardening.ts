// Electron's security checklist applied to every web contents and the session: navigation
// and new windows denied, permission requests and checks denied, <webview> refused, requests
// only to our app:// origin, and our CSP on every response. The decisions are pure functions
// (tested in test/unit/app/hardening.test.ts); `harden*` wires them to Electron objects.
import { appSecurityHeaders, isAppUrl } from './appProtocol.ts';
import type { AppLike, SessionLike, WebContentsLike } from './electronTypes.ts';

/** In-page navigation stays inside the app; anything else (links, redirects, drops) is denied. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** IPC is answered only for a frame showing our app (not a frame that navigated elsewhere). */
export function isAllowedSender(frameUrl: string | undefined | null): boolean {
  return isAppUrl(frameUrl);
}

/** Pathwise needs no camera, microphone, notifications, geolocation, clipboard-read or anything else. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/** Windows opened by the page (window.open, target=_blank) are always denied. */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Requests the session lets through: our own app:// files, data: and blob: URLs the page makes
 * (chart exports), and devtools when enabled. No http(s): the app works offline and must not
 * be able to send the analyst's data anywhere.
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  return url.startsWith('data:') || url.startsWith('blob:app://pathwise/') || url.startsWith('devtools://');
}

/** Response headers with our CSP and companions put in place of whatever was there. */
export function withSecurityHeaders(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ours = appSecurityHeaders();
  const replaced = new Set(Object.keys(ours).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(headers ?? {}))
    if (!replaced.has(name.toLowerCase())) out[name] = value;
  for (const [name, value] of Object.entries(ours)) out[name] = [value];
  return out;
}

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url) }),
  );
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) }),
  );
}

export function hardenWebContents(contents: WebContentsLike): void {
  const denyUnlessApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  };
  contents.on('will-navigate', denyUnlessApp);
  contents.on('will-redirect', denyUnlessApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => windowOpenDecision(url));
}

/** Every web contents the app ever creates is hardened, not only the main window's. */
export function hardenApp(app: AppLike): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
