// Projects opened from the operating system: a .pathwise file double-clicked (Windows and
// Linux pass it on the command line, to a second instance too; macOS sends 'open-file').
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The last argument naming an existing .pathwise file, if any. */
export function projectFileFromArgv(argv: readonly string[], cwd = process.cwd()): string | undefined {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (arg.startsWith('-') || !arg.toLowerCase().endsWith('.pathwise')) continue;
    const path = resolve(cwd, arg);
    if (existsSync(path)) return path;
  }
  return undefined;
}
