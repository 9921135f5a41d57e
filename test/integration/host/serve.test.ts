// `npm start` as a newcomer runs it (bin/start.mjs without an Electron binary): one line
// saying so, then the one address line of `pathwise serve`; the address answers with the
// renderer; SIGTERM closes the open project cleanly (checkpointed: no -wal file) and exits 0.
// Builds the real renderer first when renderer/dist is missing or stale (10-20 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { repoRoot } from '../../helpers/tmp.ts';

test('npm start without Electron serves browser mode and stops cleanly on SIGTERM', async () => {
  mkdirSync(join(repoRoot, 'test', 'tmp'), { recursive: true });
  const dataDir = mkdtempSync(join(repoRoot, 'test', 'tmp', 'serve-'));
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'start.mjs'), '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATHWISE_BROWSER_MODE: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const started = Date.now();
    while (!/running at/.test(stdout) && child.exitCode === null && Date.now() - started < 170_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const lines = stdout.trim().split('\n');
    assert.equal(
      lines[0],
      'Electron is not installed (its binary could not be downloaded); opening Pathwise in browser mode instead',
      `stdout: ${stdout}\nstderr: ${stderr}`,
    );
    const match = /^Pathwise is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64}))$/.exec(
      lines[1] ?? '',
    );
    assert.ok(match, `stdout: ${stdout}\nstderr: ${stderr}`);
    const [, url, port, token] = match;

    const page = await fetch(url!);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(await page.text(), /<script type="module"/);

    // Open a project over the socket, then stop the server with it open.
    const origin = `http://127.0.0.1:${port}`;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const reply = await new Promise<{ ok: boolean; result?: { path: string } }>((resolve) => {
      // Events (e.g. project.opened) may come before the reply: wait for the reply's id.
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as {
          id?: string;
          ok: boolean;
          result?: { path: string };
        };
        if (message.id === 'n') resolve(message);
      });
      ws.send(JSON.stringify({ id: 'n', channel: 'app.newProject', payload: { name: 'Open at exit' } }));
    });
    assert.ok(reply.ok, JSON.stringify(reply));
    const projectPath = join(dataDir, 'projects', 'Open at exit.pathwise');
    assert.equal(reply.result?.path, projectPath);

    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.ok(existsSync(projectPath));
    assert.ok(!existsSync(projectPath + '-wal'), 'the project was not checkpointed and closed');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
