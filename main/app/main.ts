// The Electron app's main process: one instance, one hardened window showing the renderer
// from app://pathwise, PathwiseApi behind one validated IPC channel, file choices through
// native dialogs. Electron is loaded with a dynamic import and typed by electronTypes.ts, so
// this file typechecks (and the rest of the project runs) without the electron package.
// Started by main/app/entry.mjs (which registers the TypeScript loader).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PathwiseApi } from '../api.ts';
import { ensureRendererBuilt, rendererPaths } from '../host/rendererBuild.ts';
import { appIndexUrl, appResponse, appScheme, appSchemePrivileges } from './appProtocol.ts';
import { electronHostServices } from './electronHostServices.ts';
import type { BrowserWindowLike, ElectronModule } from './electronTypes.ts';
import { hardenApp, hardenSession } from './hardening.ts';
import { registerIpc } from './ipc.ts';
import { mainWindowOptions } from './windowOptions.ts';
import { utilityProcessLauncher } from './utilityJobs.ts';
import { projectFileFromArgv } from './openFromOs.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

/** The electron module, or undefined outside Electron (the package or its binary missing). */
export async function loadElectron(): Promise<ElectronModule | undefined> {
  const name = 'electron';
  try {
    const loaded = (await import(name)) as { default?: unknown };
    const electron = (loaded.default ?? loaded) as Partial<ElectronModule>;
    // Outside Electron, require('electron') is only the binary's path: no app object.
    return typeof electron === 'object' && electron.app ? (electron as ElectronModule) : undefined;
  } catch {
    return undefined;
  }
}

export async function startElectronApp(electron: ElectronModule): Promise<void> {
  const { app, BrowserWindow, dialog, ipcMain, protocol, session } = electron;

  // Before ready: app:// is a standard, secure origin (see appProtocol.ts).
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: appSchemePrivileges }]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  hardenApp(app);

  let window: BrowserWindowLike | undefined;
  // Files opened from the OS before the API exists wait here.
  let openProject: (path: string) => void = (path) => pendingOpens.push(path);
  const pendingOpens: string[] = [];
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openProject(path);
  });
  app.on('second-instance', (_event, argv) => {
    const path = projectFileFromArgv(argv);
    if (path) openProject(path);
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await app.whenReady();
  hardenSession(session.defaultSession);

  const distDir = app.isPackaged
    ? join(repoRoot, 'renderer', 'dist')
    : await ensureRendererBuilt(rendererPaths(repoRoot), {
        log: (line) => process.stderr.write(line + '\n'),
      });
  protocol.handle(appScheme, (request) => appResponse(distDir, request));

  const api = new PathwiseApi(
    electronHostServices({
      dialog,
      window: () => {
        if (!window) throw new Error('the window is not open');
        return window;
      },
      dataDir: app.getPath('userData'),
      documentsDir: join(app.getPath('documents'), 'Pathwise'),
    }),
    { launcher: utilityProcessLauncher(electron.utilityProcess) },
  );
  const unregister = registerIpc(ipcMain, api, () => (window ? [window.webContents] : []));

  window = new BrowserWindow(mainWindowOptions({ devTools: !app.isPackaged }));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = undefined;
  });
  await window.loadURL(appIndexUrl);
  openProject = (path) => {
    api.invoke('project.open', { path }).catch((err: unknown) => api.reportError((err as Error).message));
  };
  const fromArgv = projectFileFromArgv(process.argv);
  for (const path of [...pendingOpens, ...(fromArgv ? [fromArgv] : [])]) openProject(path);

  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Close the project cleanly (cancel jobs, checkpoint) before the process goes.
    event.preventDefault();
    closed = true;
    unregister();
    void api.shutdown().finally(() => app.quit());
  });
}

const electron = await loadElectron();
if (electron) {
  await startElectronApp(electron).catch((err: unknown) => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`pathwise: ${message}\n`);
    electron.dialog.showErrorBox('Pathwise could not start', message.split('\n')[0] ?? message);
    electron.app.exit(1);
  });
}
