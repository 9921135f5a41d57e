// The decisions behind the Electron hardening: navigation, IPC senders, permissions, new
// windows, requests and headers; and that harden* wires them to every web contents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
  isAllowedRequest,
  isAllowedSender,
  permissionDecision,
  windowOpenDecision,
  withSecurityHeaders,
} from '../../../main/app/hardening.ts';
import { appContentSecurityPolicy, appResponse } from '../../../main/app/appProtocol.ts';
import type { SessionLike, WebContentsLike } from '../../../main/app/electronTypes.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/tmp.ts';

const foreign = [
  'https://example.com/',
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'app://other/index.html',
  'app://pathwise.evil.com/',
  'app://user:pw@pathwise/',
  'javascript:alert(1)',
  'data:text/html,<script>1</script>',
  'about:blank',
  'not a url',
  '',
];

test('navigation stays inside app://pathwise', () => {
  assert.equal(isAllowedNavigation('app://pathwise/index.html'), true);
  assert.equal(isAllowedNavigation('app://pathwise/index.html#/results/3'), true);
  for (const url of foreign) assert.equal(isAllowedNavigation(url), false, url);
});

test('IPC is answered only for frames of our origin', () => {
  assert.equal(isAllowedSender('app://pathwise/index.html'), true);
  for (const url of [...foreign, undefined, null]) assert.equal(isAllowedSender(url), false, String(url));
});

test('every permission and every new window is denied', () => {
  for (const p of [
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'hid',
  ]) {
    assert.equal(permissionDecision(p), false, p);
  }
  assert.deepEqual(windowOpenDecision('https://example.com'), { action: 'deny' });
  assert.deepEqual(windowOpenDecision('app://pathwise/index.html'), { action: 'deny' });
});

test('requests only to our origin, data: and our blobs', () => {
  assert.equal(isAllowedRequest('app://pathwise/assets/index.js'), true);
  assert.equal(isAllowedRequest('data:image/png;base64,AAAA'), true);
  assert.equal(isAllowedRequest('blob:app://pathwise/1234'), true);
  for (const url of ['https://example.com/x.js', 'http://127.0.0.1/', 'file:///etc/passwd', 'ws://x/']) {
    assert.equal(isAllowedRequest(url), false, url);
  }
});

test('our CSP replaces any other, whatever its case', () => {
  const headers = withSecurityHeaders({
    'content-security-policy': ['default-src *'],
    'X-Other': ['kept'],
  });
  assert.deepEqual(headers['X-Other'], ['kept']);
  assert.equal(headers['content-security-policy'], undefined);
  assert.deepEqual(headers['Content-Security-Policy'], [appContentSecurityPolicy()]);
  assert.deepEqual(headers['X-Content-Type-Options'], ['nosniff']);
  const csp = appContentSecurityPolicy();
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.ok(!/unsafe-inline|unsafe-eval|ws:/.test(csp), csp);
});

test('hardenWebContents denies foreign navigation, webviews and window.open', () => {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => unknown) | undefined;
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => handlers.set(event, listener),
    setWindowOpenHandler: (h: (d: { url: string }) => unknown) => (openHandler = h),
  } as unknown as WebContentsLike;
  hardenWebContents(contents);
  const prevented = (event: string, url?: string) => {
    let yes = false;
    handlers.get(event)!({ preventDefault: () => (yes = true) }, url);
    return yes;
  };
  assert.equal(prevented('will-navigate', 'https://example.com'), true);
  assert.equal(prevented('will-navigate', 'app://pathwise/index.html'), false);
  assert.equal(prevented('will-redirect', 'file:///etc/passwd'), true);
  assert.equal(prevented('will-attach-webview'), true);
  assert.deepEqual(openHandler!({ url: 'https://example.com' }), { action: 'deny' });
});

test('hardenSession denies permission requests and checks and blocks foreign requests', () => {
  let request: ((c: unknown, p: string, cb: (g: boolean) => void) => void) | undefined;
  let check: ((c: unknown, p: string) => boolean) | undefined;
  let before: ((d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | undefined;
  const session = {
    setPermissionRequestHandler: (h: typeof request) => (request = h),
    setPermissionCheckHandler: (h: typeof check) => (check = h),
    webRequest: { onHeadersReceived: () => undefined, onBeforeRequest: (h: typeof before) => (before = h) },
  } as unknown as SessionLike;
  hardenSession(session);
  let granted: boolean | undefined;
  request!(null, 'media', (g) => (granted = g));
  assert.equal(granted, false);
  assert.equal(check!(null, 'clipboard-read'), false);
  let cancelled: boolean | undefined;
  before!({ url: 'https://example.com/' }, (r) => (cancelled = r.cancel));
  assert.equal(cancelled, true);
  before!({ url: 'app://pathwise/index.html' }, (r) => (cancelled = r.cancel));
  assert.equal(cancelled, false);
});

test('app:// serves the build with the CSP and refuses traversal', async () => {
  const root = tempDir('app-protocol-');
  const dist = join(root, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'index.html'), '<p>hi</p>');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  const ok = await appResponse(dist, { url: 'app://pathwise/index.html', method: 'GET' });
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), '<p>hi</p>');
  assert.equal(ok.headers.get('content-security-policy'), appContentSecurityPolicy());
  for (const url of [
    'app://pathwise/%2e%2e/secret.txt',
    'app://pathwise/..%2fsecret.txt',
    'app://other/index.html',
  ]) {
    const res = await appResponse(dist, { url, method: 'GET' });
    assert.ok(res.status === 400 || res.status === 404, url);
    assert.notEqual(await res.text(), 'secret');
  }
  assert.equal((await appResponse(dist, { url: 'app://pathwise/', method: 'POST' })).status, 405);
});
