// What a host provides to the API for choosing files: Electron shows native dialogs; browser
// mode picks names inside a projects folder and takes uploaded files. The API never accepts
// a path from a page; it asks the host, so "paths only from dialogs in main" holds in both.
export interface HostServices {
  mode: 'electron' | 'browser' | 'cli';
  confirmsOverwrite: boolean;
  /** Folder for the demo project, recent.json and (browser mode) the analyst's projects. */
  dataDir: string;
  /**
   * Path for a new project; undefined when the analyst cancelled. `name` is a page-typed file name.
   * When `confirmsOverwrite` is true the host has asked the analyst before choosing an existing
   * file (a native save dialog does), so the API may replace it.
   */
  chooseNewProject(suggestedName: string, name?: string): Promise<string | undefined>;
  chooseProjectToOpen(name?: string): Promise<string | undefined>;
  chooseSaveAs(suggestedName: string, name?: string): Promise<string | undefined>;
  /** A data file to import (Electron: open dialog; browser: a finished upload). */
  chooseDataFile(uploadId?: string): Promise<string | undefined>;
  /** Saves bytes the page made (an exported chart or table); false when cancelled. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<boolean>;
}

/** The command line chooses nothing interactively. */
export function cliHostServices(dataDir: string): HostServices {
  const refuse = async (): Promise<undefined> => {
    throw new Error('the command line has no file dialogs');
  };
  return {
    mode: 'cli',
    confirmsOverwrite: false,
    dataDir,
    chooseNewProject: refuse,
    chooseProjectToOpen: refuse,
    chooseSaveAs: refuse,
    chooseDataFile: refuse,
    saveFile: async () => {
      throw new Error('the command line has no file dialogs');
    },
  };
}
