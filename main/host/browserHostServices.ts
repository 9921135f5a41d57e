// HostServices for browser mode. A page cannot show a native file dialog in main and must
// never send a path, so "choosing" a project means typing a plain name inside the projects
// folder (dataDir/projects), and choosing a data file means uploading it (UploadStore).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostServices } from '../hostServices.ts';
import { InputError } from '../../shared/errors.ts';
import type { UploadStore } from './uploads.ts';

const extension = '.pathwise';

/** A page-typed name as a project file name: a plain name, ".pathwise" appended if missing. */
export function projectFileName(name: string): string {
  const trimmed = name.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  const unsafe = /[/\\\u0000-\u001f]/;
  if (trimmed.length === 0 || unsafe.test(trimmed) || trimmed.startsWith('.') || trimmed.length > 120) {
    throw new InputError(`"${name}" is not a plain file name: give a name without folders`);
  }
  return trimmed.toLowerCase().endsWith(extension) ? trimmed : trimmed + extension;
}

function stem(fileName: string): string {
  return fileName.toLowerCase().endsWith(extension) ? fileName.slice(0, -extension.length) : fileName;
}

export function browserHostServices(dataDir: string, uploads: UploadStore): HostServices {
  const projectsDir = join(dataDir, 'projects');
  const ensureDir = () => mkdirSync(projectsDir, { recursive: true });

  /** A file name nobody uses yet: "Untitled.pathwise", "Untitled 2.pathwise", ... */
  const freeName = (base: string): string => {
    for (let n = 1; ; n++) {
      const candidate = `${base}${n === 1 ? '' : ` ${n}`}${extension}`;
      if (!existsSync(join(projectsDir, candidate))) return candidate;
    }
  };

  /** The path for a new file: a typed name must be free; without one, a free variant of `suggested`. */
  const newPath = (suggested: string, name: string | undefined, suffix: string): string => {
    ensureDir();
    if (name === undefined) return join(projectsDir, freeName(stem(projectFileName(suggested)) + suffix));
    const file = projectFileName(name);
    const path = join(projectsDir, file);
    if (existsSync(path)) {
      throw new InputError(`a project named "${file}" already exists: open it, or choose another name`);
    }
    return path;
  };

  return {
    mode: 'browser',
    confirmsOverwrite: false,
    dataDir,
    async chooseNewProject(suggestedName, name) {
      return newPath(suggestedName, name, '');
    },
    async chooseProjectToOpen(name) {
      if (name === undefined) throw new InputError('name the project to open');
      const file = projectFileName(name);
      const path = join(projectsDir, file);
      if (!existsSync(path)) throw new InputError(`there is no project named "${file}" in ${projectsDir}`);
      return path;
    },
    async chooseSaveAs(suggestedName, name) {
      return newPath(suggestedName, name, name === undefined ? ' copy' : '');
    },
    async chooseDataFile(uploadId) {
      if (uploadId === undefined) return undefined;
      const path = uploads.pathOf(uploadId);
      if (!path) throw new InputError('that upload is no longer available: upload the file again');
      return path;
    },
    // The page downloads exports itself in browser mode; nothing is written by main.
    async saveFile() {
      return false;
    },
  };
}
