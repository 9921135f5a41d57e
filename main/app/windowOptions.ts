// The main window's options, as data: the security-relevant webPreferences (Electron's
// checklist items 2-4, 8, 10) live here, in a module that does not import Electron, so that a
// unit test can check every value without the Electron binary.
import { fileURLToPath } from 'node:url';

/** Where the sandboxed preload is: plain CommonJS, because a sandboxed preload cannot load TypeScript. */
export const preloadPath = fileURLToPath(new URL('./preload.cjs', import.meta.url));

export interface SecureWebPreferences {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  enableBlinkFeatures: '';
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  devTools: boolean;
}

export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
}

export function mainWindowOptions(options: { devTools?: boolean; dark?: boolean } = {}): MainWindowOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Pathwise',
    // Shown on ready-to-show, so the analyst never sees an empty white frame.
    show: false,
    backgroundColor: options.dark ? '#1e1f22' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools ?? false,
    },
  };
}
