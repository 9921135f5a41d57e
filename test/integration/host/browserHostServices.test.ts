// Browser mode's file choices: names inside dataDir/projects only, ".pathwise" appended,
// existing files refused for new projects, uploads found by id; plus the pure helpers for
// tokens and uploaded file names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { browserHostServices, projectFileName } from '../../../main/host/browserHostServices.ts';
import { UploadStore } from '../../../main/host/uploads.ts';
import { newToken, sanitizeFileName, tokenMatches } from '../../../main/host/security.ts';
import { tempDir } from '../../helpers/tmp.ts';

test('project names: plain names only, .pathwise appended once', () => {
  assert.equal(projectFileName('Client A'), 'Client A.pathwise');
  assert.equal(projectFileName('b.pathwise'), 'b.pathwise');
  for (const bad of ['', '  ', '../x', 'a/b', 'a\\b', '.hidden', 'x\u0000y', '/etc/passwd', 'C:\\x']) {
    assert.throws(() => projectFileName(bad), /plain file name/, JSON.stringify(bad));
  }
});

test('new, open and save-as stay inside the projects folder', async () => {
  const dataDir = tempDir('browser-host-');
  const host = browserHostServices(dataDir, new UploadStore());
  const projects = join(dataDir, 'projects');
  assert.equal(host.mode, 'browser');
  assert.equal(await host.chooseNewProject('Untitled.pathwise', 'Q3'), join(projects, 'Q3.pathwise'));
  assert.equal(await host.chooseNewProject('Untitled.pathwise'), join(projects, 'Untitled.pathwise'));
  mkdirSync(projects, { recursive: true });
  writeFileSync(join(projects, 'Untitled.pathwise'), '');
  writeFileSync(join(projects, 'Q3.pathwise'), '');
  assert.equal(await host.chooseNewProject('Untitled.pathwise'), join(projects, 'Untitled 2.pathwise'));
  await assert.rejects(host.chooseNewProject('Untitled.pathwise', 'Q3'), /already exists/);
  await assert.rejects(host.chooseNewProject('Untitled.pathwise', '../Q3'), /plain file name/);
  assert.equal(await host.chooseProjectToOpen('Q3'), join(projects, 'Q3.pathwise'));
  await assert.rejects(host.chooseProjectToOpen('Q4'), /no project named "Q4.pathwise"/);
  await assert.rejects(host.chooseProjectToOpen('../../etc/passwd'), /plain file name/);
  assert.equal(await host.chooseSaveAs('Q3.pathwise'), join(projects, 'Q3 copy.pathwise'));
  await assert.rejects(host.chooseSaveAs('Q3.pathwise', 'Untitled'), /already exists/);
  assert.equal(await host.saveFile('x.csv', new Uint8Array()), false);
});

test('uploads are found by id, under a sanitised name, and removed at the end', async () => {
  const store = new UploadStore(10);
  const host = browserHostServices(tempDir('browser-host-'), store);
  const id = await store.receive(Readable.from([Buffer.from('a,b\n')]), 'data.csv');
  assert.match(id, /^[0-9a-f]{32}$/);
  const path = await host.chooseDataFile(id);
  assert.ok(path?.endsWith('/data.csv'));
  assert.equal(await host.chooseDataFile(undefined), undefined);
  await assert.rejects(host.chooseDataFile('f'.repeat(32)), /upload the file again/);
  await assert.rejects(store.receive(Readable.from([Buffer.alloc(11)]), 'big.csv'), /upload limit/);
  store.clear();
  await assert.rejects(host.chooseDataFile(id), /no longer available/);
});

test('uploaded file names become plain base names', () => {
  assert.equal(sanitizeFileName('data.csv'), 'data.csv');
  assert.equal(sanitizeFileName(encodeURIComponent('Ventes été.csv')), 'Ventes été.csv');
  assert.equal(sanitizeFileName('../../etc/passwd'), 'passwd');
  assert.equal(sanitizeFileName('..%2F..%2Fx.csv'), 'x.csv');
  assert.equal(sanitizeFileName('C:\\Users\\a\\b.xlsx'), 'b.xlsx');
  assert.equal(sanitizeFileName('.bashrc'), 'bashrc');
  assert.equal(sanitizeFileName('a%00b.csv'), 'a_b.csv');
  assert.equal(sanitizeFileName('..'), undefined);
  assert.equal(sanitizeFileName(''), undefined);
  assert.equal(sanitizeFileName(undefined), undefined);
});

test('tokens: 64 hex characters, new each time, compared exactly', () => {
  const token = newToken();
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.notEqual(newToken(), token);
  assert.equal(tokenMatches(token, token), true);
  assert.equal(tokenMatches(token, token.toUpperCase()), false);
  assert.equal(tokenMatches(token, token.slice(1)), false);
  assert.equal(tokenMatches(token, ''), false);
  assert.equal(tokenMatches(token, null), false);
  assert.equal(tokenMatches(token, undefined), false);
});
