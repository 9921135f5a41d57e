// The browser host's defences, checked from outside as an attacker would try them: loopback
// only, security headers on every response, no path traversal, no WebSocket or upload
// without the per-launch token from our exact origin, and only page channels over the socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { connect as netConnect } from 'node:net';
import { connect, request, startTestHost, stubIndex, upgradeStatus } from './helpers.ts';

const { host } = await startTestHost();
const wsUrl = (token?: string) =>
  `ws://127.0.0.1:${host.port}/api${token === undefined ? '' : `?token=${token}`}`;

test('listens on 127.0.0.1 only', async () => {
  const address = host.server.address();
  assert.ok(address && typeof address === 'object');
  assert.equal(address.address, '127.0.0.1');
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  // Any other address of this machine must refuse the connection.
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
  for (const other of others) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = netConnect({ host: other, port: host.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    assert.ok(refused, `reachable on ${other}`);
  }
});

test('/ is the renderer with the strict CSP and the other security headers', async () => {
  const res = await request(host, '/', { headers: { Host: `127.0.0.1:${host.port}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(res.text, /Open demo project/);
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('script-src'), "'self'");
  assert.equal(directives.get('style-src'), "'self'");
  assert.equal(directives.get('img-src'), "'self' data: blob:");
  assert.equal(directives.get('font-src'), "'self'");
  assert.equal(directives.get('connect-src'), `'self' ws://127.0.0.1:${host.port}`);
  assert.equal(directives.get('worker-src'), "'self' blob:");
  assert.equal(directives.get('base-uri'), "'none'");
  assert.equal(directives.get('form-action'), "'none'");
  assert.equal(directives.get('frame-ancestors'), "'none'");
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
});

test('static files get their content types; refusals carry the headers too', async () => {
  const js = await request(host, '/assets/app.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
  const css = await request(host, '/assets/app.css');
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  const missing = await request(host, '/assets/nothing.js');
  assert.equal(missing.status, 404);
  assert.ok(missing.headers.get('content-security-policy'));
  assert.equal(missing.headers.get('x-content-type-options'), 'nosniff');
  // No directory listing: a folder gives the app's index.html (its routes) or nothing.
  const folder = await request(host, '/assets/');
  assert.ok(folder.status === 404 || folder.text === stubIndex, folder.text);
});

test('path traversal is refused, however it is spelled', async () => {
  for (const path of [
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/package.json',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%00index.html',
    '/%zz',
  ]) {
    const res = await request(host, path);
    assert.ok(res.status === 400 || res.status === 404, `${path} gave ${res.status}`);
    assert.ok(!res.text.includes('outside the build') && !res.text.includes('"name": "pathwise"'), path);
  }
});

test('a request naming another host (DNS rebinding) is refused', async () => {
  const res = await request(host, '/', { headers: { Host: `evil.example:${host.port}` } });
  assert.equal(res.status, 421);
});

test('only GET and HEAD for files', async () => {
  assert.equal((await request(host, '/', { method: 'POST' })).status, 405);
  const head = await request(host, '/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
});

test('the WebSocket is refused without the token, with a wrong one, from another origin or none', async () => {
  const wrong = host.token.slice(0, -1) + (host.token.endsWith('0') ? '1' : '0');
  assert.equal(await upgradeStatus(wsUrl(), host.origin), 403);
  assert.equal(await upgradeStatus(wsUrl(''), host.origin), 403);
  assert.equal(await upgradeStatus(wsUrl(wrong), host.origin), 403);
  assert.equal(await upgradeStatus(wsUrl(host.token.slice(0, 10)), host.origin), 403);
  assert.equal(await upgradeStatus(wsUrl(host.token), 'http://evil.example'), 403);
  assert.equal(await upgradeStatus(wsUrl(host.token), `http://localhost:${host.port}`), 403);
  assert.equal(await upgradeStatus(wsUrl(host.token), 'null'), 403);
  assert.equal(await upgradeStatus(wsUrl(host.token), undefined), 403);
  assert.equal(
    await upgradeStatus(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, host.origin),
    403,
  );
  assert.equal(await upgradeStatus(wsUrl(host.token), host.origin), 101);
});

test('over the socket: page channels only, payloads validated', async () => {
  const client = await connect(host);
  try {
    const info = await client.call('project.info', {});
    assert.deepEqual(info, { id: 1, ok: true, result: null });

    const open = await client.call('project.open', { path: '/etc/passwd' });
    assert.equal(open.ok, false);
    assert.ok(
      !open.ok && open.error.kind === 'input' && /not a channel a page may call/.test(open.error.message),
    );
    for (const channel of [
      'project.create',
      'project.saveAs',
      'datasets.preview',
      'datasets.import',
      'nope',
    ]) {
      const reply = await client.call(channel, { path: '/tmp/x' });
      assert.equal(reply.ok, false, channel);
    }

    const malformed = await client.call('datasets.rows', { name: 'x', offset: -1, limit: 'lots' });
    assert.ok(!malformed.ok && malformed.error.kind === 'input', JSON.stringify(malformed));
    const folders = await client.call('app.newProject', { name: '../../evil' });
    assert.ok(!folders.ok && folders.error.kind === 'input', JSON.stringify(folders));

    const notJson = await client.send('{not json');
    assert.ok(!notJson.ok && notJson.id === null && notJson.error.kind === 'input');
    const noId = await client.send(JSON.stringify({ channel: 'project.info' }));
    assert.ok(!noId.ok && /id/.test(noId.error.message));
  } finally {
    client.close();
  }
});

test('a message over the size limit closes the socket', async () => {
  const WebSocket = (await import('ws')).default;
  const ws = new WebSocket(wsUrl(host.token), { origin: host.origin });
  await new Promise((resolve) => ws.once('open', resolve));
  const code = await new Promise<number>((resolve) => {
    ws.once('close', (c) => resolve(c));
    ws.send(
      JSON.stringify({ id: 1, channel: 'project.info', payload: { pad: 'x'.repeat(33 * 1024 * 1024) } }),
    );
  });
  assert.equal(code, 1009);
});

test('upload requires the token and our origin', async () => {
  const body = 'a,b\n1,2\n';
  const headers = (extra: Record<string, string>) => ({
    'Content-Type': 'application/octet-stream',
    'X-File-Name': 'data.csv',
    ...extra,
  });
  const noToken = await request(host, '/upload', {
    method: 'POST',
    headers: headers({ Origin: host.origin }),
    body,
  });
  assert.equal(noToken.status, 403);
  const wrongToken = await request(host, '/upload', {
    method: 'POST',
    headers: headers({ Origin: host.origin, 'X-Pathwise-Token': 'f'.repeat(64) }),
    body,
  });
  assert.equal(wrongToken.status, 403);
  const otherOrigin = await request(host, '/upload', {
    method: 'POST',
    headers: headers({ Origin: 'http://evil.example', 'X-Pathwise-Token': host.token }),
    body,
  });
  assert.equal(otherOrigin.status, 403);
  const noOrigin = await request(host, '/upload', {
    method: 'POST',
    headers: headers({ 'X-Pathwise-Token': host.token }),
    body,
  });
  assert.equal(noOrigin.status, 403);
  const ok = await request(host, '/upload', {
    method: 'POST',
    headers: headers({ Origin: host.origin, 'X-Pathwise-Token': host.token }),
    body,
  });
  assert.equal(ok.status, 200);
  assert.match((JSON.parse(ok.text) as { uploadId: string }).uploadId, /^[0-9a-f]{32}$/);
  assert.equal((await request(host, '/upload', { method: 'GET' })).status, 405);
});
