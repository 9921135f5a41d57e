// Makes sure renderer/dist is a build of the current renderer sources before browser mode
// serves it: builds with Vite (renderer/vite.config.ts, in a child process so its output goes
// to stderr and its memory is not kept) when dist/index.html is missing or older than any
// file under renderer/ or shared/ (the renderer imports shared/).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface RendererPaths {
  root: string;
  config: string;
  dist: string;
  index: string;
}

export function rendererPaths(repoRoot: string): RendererPaths {
  const dist = join(repoRoot, 'renderer', 'dist');
  return {
    root: repoRoot,
    config: join(repoRoot, 'renderer', 'vite.config.ts'),
    dist,
    index: join(dist, 'index.html'),
  };
}

/** Newest modification time (ms) of the files under `dir`, skipping build output and dependencies. */
export function newestSource(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export type BuildNeed = 'fresh' | 'missing' | 'stale';

export function buildNeed(paths: RendererPaths): BuildNeed {
  if (!existsSync(paths.index)) return 'missing';
  const built = statSync(paths.index).mtimeMs;
  const sources = Math.max(
    newestSource(join(paths.root, 'renderer')),
    newestSource(join(paths.root, 'shared')),
  );
  return sources > built ? 'stale' : 'fresh';
}

/** Runs `vite build --config renderer/vite.config.ts`; its output goes to our stderr. */
export async function buildRenderer(paths: RendererPaths): Promise<void> {
  const require = createRequire(join(paths.root, 'package.json'));
  const viteBin = join(require.resolve('vite/package.json'), '..', 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [viteBin, 'build', '--config', paths.config, '--logLevel', 'warn'],
      {
        cwd: paths.root,
        stdio: ['ignore', process.stderr, process.stderr],
      },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`the renderer build failed (vite exited with ${signal ?? code})`)),
    );
  });
}

/**
 * Builds if needed. Returns the dist folder to serve, or throws with a message that says what
 * to do. `log` receives progress lines (stderr: stdout carries only the address line).
 */
export async function ensureRendererBuilt(
  paths: RendererPaths,
  options: { skipBuild?: boolean; log: (line: string) => void },
): Promise<string> {
  const need = buildNeed(paths);
  if (need === 'fresh') return paths.dist;
  if (options.skipBuild) {
    if (need === 'missing')
      throw new Error(`the renderer is not built (${paths.index} is missing); run without --no-build`);
    options.log('pathwise: the renderer build is older than its sources (--no-build: serving it anyway)');
    return paths.dist;
  }
  if (!existsSync(paths.config)) {
    if (need === 'stale') {
      options.log(`pathwise: ${paths.config} does not exist yet; serving the existing (older) build`);
      return paths.dist;
    }
    throw new Error(`the renderer is not built and ${paths.config} does not exist yet: nothing to serve`);
  }
  options.log(`pathwise: building the renderer (${need === 'missing' ? 'first run' : 'sources changed'})...`);
  const started = Date.now();
  await buildRenderer(paths);
  if (!existsSync(paths.index)) throw new Error(`the renderer build did not produce ${paths.index}`);
  options.log(`pathwise: renderer built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return paths.dist;
}
