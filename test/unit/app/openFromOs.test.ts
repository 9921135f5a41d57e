// A .pathwise file passed by the operating system is found among Electron's arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFileFromArgv } from '../../../main/app/openFromOs.ts';
import { tempDir } from '../../helpers/tmp.ts';

test('the last existing .pathwise argument is the project to open', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.pathwise'), '');
  writeFileSync(join(dir, 'B.PATHWISE'), '');
  assert.equal(projectFileFromArgv(['electron', '.', join(dir, 'a.pathwise')]), join(dir, 'a.pathwise'));
  assert.equal(projectFileFromArgv(['app', 'B.PATHWISE', '--flag'], dir), join(dir, 'B.PATHWISE'));
  assert.equal(projectFileFromArgv(['app', join(dir, 'missing.pathwise')]), undefined);
  assert.equal(projectFileFromArgv(['app', '--inspect=9229']), undefined);
  assert.equal(projectFileFromArgv(['a.pathwise'], dir), undefined, 'argv[0] is the program');
});
