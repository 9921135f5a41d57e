// `pathwise serve`: browser mode. Wires the pieces (uploads -> browser HostServices ->
// PathwiseApi -> loopback host), makes sure the renderer is built, prints the one address
// line on stdout and runs until SIGINT or SIGTERM, then closes the project cleanly.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PathwiseApi } from '../api.ts';
import { browserHostServices } from './browserHostServices.ts';
import { startHost, type RunningHost } from './server.ts';
import { UploadStore } from './uploads.ts';
import { ensureRendererBuilt, rendererPaths } from './rendererBuild.ts';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

export interface ServeOptions {
  port?: number;
  dataDir?: string;
  build?: boolean;
  /** Where the address line goes (stdout). */
  say?: (line: string) => void;
  log?: (line: string) => void;
}

export interface BrowserApp {
  api: PathwiseApi;
  host: RunningHost;
  /** Closes the host, then the API (which checkpoints and closes the project). */
  stop(): Promise<void>;
}

/** Builds if needed and starts the host; the caller decides how long it runs. */
export async function startBrowserApp(options: ServeOptions = {}): Promise<BrowserApp> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const distDir = await ensureRendererBuilt(rendererPaths(repoRoot), {
    skipBuild: options.build === false,
    log,
  });
  const dataDir = resolve(options.dataDir ?? join(homedir(), '.pathwise'));
  const uploads = new UploadStore();
  const api = new PathwiseApi(browserHostServices(dataDir, uploads));
  const host = await startHost({ api, uploads, distDir, port: options.port, log });
  let stopping: Promise<void> | undefined;
  return {
    api,
    host,
    stop() {
      stopping ??= (async () => {
        await host.close();
        await api.shutdown();
      })();
      return stopping;
    },
  };
}

/** Runs browser mode until SIGINT/SIGTERM; resolves with the exit status. */
export async function serve(options: ServeOptions = {}): Promise<number> {
  const app = await startBrowserApp(options);
  const say = options.say ?? ((line: string) => process.stdout.write(line + '\n'));
  say(`Pathwise is running at ${app.host.url}`);
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await app.stop();
  return 0;
}
