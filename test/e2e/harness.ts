// Shared by the end-to-end test and the UI benchmark: starts `pathwise serve --port 0` as a
// child process (reads the printed address), launches Debian's Chromium through
// playwright-core, and writes the CSVs the scenarios import.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');

export interface Served {
  url: string;
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (`serve --port 0` is refused by this CLI version). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `pathwise serve --port PORT --data-dir DIR`; resolves once it prints its address. */
export async function startServe(dataDir: string, timeoutMs = 120_000): Promise<Served> {
  const port = String(await freePort());
  const args = [join(repoRoot, 'bin', 'pathwise.mjs'), 'serve', '--port', port, '--data-dir', dataDir];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`serve printed no address in time:\n${stderr}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Pathwise is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export const chromiumPath = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath);
}

/**
 * Customers in three well-separated groups: id, region (text), spend (number), visits
 * (integer), tenure (integer-looking, for the type override). Deterministic.
 */
export async function writeCustomersCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (line: string) =>
    new Promise<void>((resolve) => (out.write(line) ? resolve() : out.once('drain', () => resolve())));
  await write('id,region,spend,visits,tenure\n');
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const regions = ['north', 'south', 'east', 'west'];
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const group = i % 3;
    const spend = 20 + group * 60 + random() * 15;
    const visits = group * 5 + Math.floor(random() * 4);
    const tenure = 6 + group * 24 + Math.floor(random() * 10);
    chunk += `C${i},${regions[i % 4]},${spend.toFixed(2)},${visits},${tenure}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

/** Where the scenarios' screenshots go (git-ignored PNGs, to be looked at). */
export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');

/**
 * A scenario's screenshots, `<prefix><name>.png` in screenshotDir: `shot` the window as it is;
 * `shotWhole` the whole scroll pane (or one element in it), the window made as tall as the
 * content for the picture and then put back. `page` is read at each call (it is made later).
 */
export function screenshots(
  page: () => Page,
  prefix: string,
): {
  shot: (name: string, fullPage?: boolean) => Promise<void>;
  shotWhole: (name: string, selector?: string) => Promise<void>;
} {
  const path = (name: string) => join(screenshotDir, `${prefix}${name}.png`);
  const shot = async (name: string, fullPage = false): Promise<void> => {
    await page().screenshot({ path: path(name), fullPage });
  };
  const shotWhole = async (name: string, selector?: string): Promise<void> => {
    const current = page();
    const height = await current.locator('section.main').evaluate((el) => el.scrollHeight);
    await current.setViewportSize({ width: 1360, height: Math.min(8000, height + 120) });
    await current.waitForTimeout(400);
    if (selector)
      await current
        .locator(selector)
        .first()
        .screenshot({ path: path(name) });
    else await shot(name);
    await current.setViewportSize({ width: 1360, height: 860 });
  };
  return { shot, shotWhole };
}
