// Temporary folders for tests, under test/tmp (git-ignored), removed after the test.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';

export const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');

export function tempDir(prefix = 'test-'): string {
  const base = join(repoRoot, 'test', 'tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
