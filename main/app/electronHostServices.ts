// HostServices for the Electron app: every path comes from a native dialog shown by main, so
// a page can never name a file (checklist: "file paths from dialogs in main"). The page's
// typed names (browser mode) are ignored here; the dialog is the choice.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostServices } from '../hostServices.ts';
import type { BrowserWindowLike, Dialog, FileFilter } from './electronTypes.ts';

export const projectFilters: FileFilter[] = [{ name: 'Pathwise project', extensions: ['pathwise'] }];
export const dataFilters: FileFilter[] = [
  { name: 'Data (CSV, TSV, text, Excel)', extensions: ['csv', 'tsv', 'txt', 'xlsx'] },
];

/** ".pathwise" added when the analyst typed a name without it (Linux dialogs do not add it). */
export function withProjectExtension(path: string): string {
  return path.toLowerCase().endsWith('.pathwise') ? path : `${path}.pathwise`;
}

export function electronHostServices(options: {
  dialog: Dialog;
  window: () => BrowserWindowLike;
  dataDir: string;
  documentsDir: string;
}): HostServices {
  const { dialog, window, dataDir, documentsDir } = options;
  const save = async (title: string, suggestedName: string, filters: FileFilter[]) => {
    const chosen = await dialog.showSaveDialog(window(), {
      title,
      defaultPath: join(documentsDir, suggestedName),
      filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return chosen.canceled || !chosen.filePath ? undefined : chosen.filePath;
  };
  const open = async (title: string, filters: FileFilter[]) => {
    const chosen = await dialog.showOpenDialog(window(), {
      title,
      defaultPath: documentsDir,
      filters,
      properties: ['openFile'],
    });
    return chosen.canceled ? undefined : chosen.filePaths[0];
  };
  return {
    mode: 'electron',
    confirmsOverwrite: true,
    dataDir,
    async chooseNewProject(suggestedName) {
      mkdirSync(documentsDir, { recursive: true });
      const path = await save('New project', suggestedName, projectFilters);
      return path && withProjectExtension(path);
    },
    async chooseProjectToOpen() {
      return open('Open project', projectFilters);
    },
    async chooseSaveAs(suggestedName) {
      const path = await save('Save project as', suggestedName, projectFilters);
      return path && withProjectExtension(path);
    },
    async chooseDataFile() {
      return open('Import data', dataFilters);
    },
    async saveFile(suggestedName, bytes) {
      const path = await save('Export', suggestedName, []);
      if (!path) return false;
      writeFileSync(path, bytes);
      return true;
    },
  };
}
