// Recently opened projects, newest first, kept in DATA_DIR/recent.json (written to a
// temporary file and renamed, so a crash never leaves it half-written).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
}

const MAX_RECENT = 12;

export function readRecent(dataDir: string): RecentProject[] {
  const file = join(dataDir, 'recent.json');
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (r): r is RecentProject =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as RecentProject).path === 'string' &&
        existsSync((r as RecentProject).path),
    );
  } catch {
    return [];
  }
}

export function rememberRecent(dataDir: string, path: string): void {
  mkdirSync(dataDir, { recursive: true });
  const list = [
    { path, name: basename(path), openedAt: new Date().toISOString() },
    ...readRecent(dataDir).filter((r) => r.path !== path),
  ].slice(0, MAX_RECENT);
  const file = join(dataDir, 'recent.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(list, null, 2));
  renameSync(`${file}.tmp`, file);
}
