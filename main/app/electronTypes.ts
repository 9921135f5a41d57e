// The small part of Electron's API the shell uses, typed here because the electron package
// (and its types) may be absent: it is an optional dependency whose binary cannot always be
// downloaded. main.ts loads the real module with a dynamic import and treats it as this shape;
// unit tests pass fakes of the same shape.

export interface ElectronEvent {
  preventDefault(): void;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveDialogOptions {
  title?: string;
  defaultPath?: string;
  filters?: FileFilter[];
  properties?: string[];
}

export interface OpenDialogOptions {
  title?: string;
  defaultPath?: string;
  filters?: FileFilter[];
  properties?: ('openFile' | 'openDirectory' | 'multiSelections')[];
}

export interface Dialog {
  showSaveDialog(
    window: BrowserWindowLike,
    options: SaveDialogOptions,
  ): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(
    window: BrowserWindowLike,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  showErrorBox(title: string, content: string): void;
}

export interface WebFrameMainLike {
  url: string;
  /** The top frame of the page this frame is in (null when detached). */
  top: WebFrameMainLike | null;
}

export interface IpcMainInvokeEventLike {
  senderFrame: WebFrameMainLike | null;
  sender: WebContentsLike;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface BeforeRequestDetails {
  url: string;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler:
      | ((webContents: WebContentsLike, permission: string, callback: (granted: boolean) => void) => void)
      | null,
  ): void;
  setPermissionCheckHandler(
    handler: ((webContents: WebContentsLike | null, permission: string) => boolean) | null,
  ): void;
  setDevicePermissionHandler?(handler: () => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersReceivedDetails,
        callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
      ) => void,
    ): void;
    onBeforeRequest(
      listener: (details: BeforeRequestDetails, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
  protocol: ProtocolLike;
}

export interface WebContentsLike {
  id: number;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: ElectronEvent, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): void;
  on(event: 'destroyed', listener: () => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  session: SessionLike;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed', listener: () => void): void;
}

export type BrowserWindowConstructor = new (options: object) => BrowserWindowLike;

export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(code?: number): void;
  whenReady(): Promise<void>;
  on(event: 'window-all-closed', listener: () => void): void;
  on(event: 'second-instance', listener: (event: ElectronEvent, argv: string[]) => void): void;
  on(event: 'before-quit', listener: (event: ElectronEvent) => void): void;
  on(
    event: 'web-contents-created',
    listener: (event: ElectronEvent, contents: WebContentsLike) => void,
  ): void;
  on(event: 'open-file', listener: (event: ElectronEvent, path: string) => void): void;
  getPath(name: 'userData' | 'documents' | 'home'): string;
  getVersion(): string;
  isPackaged: boolean;
  enableSandbox(): void;
}

/** Electron's UtilityProcess (a Node child process started by Electron). */
export interface UtilityProcessLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  kill(): boolean;
}

export interface UtilityProcessModule {
  fork(
    modulePath: string,
    args?: string[],
    options?: { serviceName?: string; stdio?: 'inherit' | 'pipe'; env?: NodeJS.ProcessEnv },
  ): UtilityProcessLike;
}

export interface ElectronModule {
  app: AppLike;
  utilityProcess: UtilityProcessModule;
  BrowserWindow: BrowserWindowConstructor;
  dialog: Dialog;
  ipcMain: IpcMainLike;
  protocol: ProtocolLike & {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
  };
  session: { defaultSession: SessionLike };
  Menu?: { setApplicationMenu(menu: null): void };
}
