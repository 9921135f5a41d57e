// electron-builder.yml: the fuses of the security checklist, the .pathwise file association,
// asar with native modules unpacked. Read with test/unit/app/miniYaml.ts (no YAML library).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml, type YamlValue } from './miniYaml.ts';
import { repoRoot } from '../../helpers/tmp.ts';

const config = parseYaml(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  YamlValue
>;

test('the mini YAML reader reads what it is given', () => {
  assert.deepEqual(parseYaml('a: 1\nb:\n  c: true\n  d: [x, y]\ne:\n  - p\n  - q: 1\n    r: two # note\n'), {
    a: 1,
    b: { c: true, d: ['x', 'y'] },
    e: ['p', { q: 1, r: 'two' }],
  });
  assert.throws(() => parseYaml('a: 1\n   b: 2\n'));
});

test('fuses: no RunAsNode, no NODE_OPTIONS, no inspect flags; cookie encryption and asar integrity', () => {
  const fuses = config.electronFuses as Record<string, YamlValue>;
  assert.equal(fuses.runAsNode, false);
  assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(fuses.enableNodeCliInspectArguments, false);
  assert.equal(fuses.enableCookieEncryption, true);
  assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(fuses.onlyLoadAppFromAsar, true);
});

test('identity, asar and native modules unpacked', () => {
  assert.equal(config.productName, 'Pathwise');
  assert.equal(typeof config.appId, 'string');
  assert.equal(config.asar, true);
  const unpacked = config.asarUnpack as string[];
  assert.ok(unpacked.some((p) => p.includes('better-sqlite3') && p.endsWith('.node')));
  assert.ok(unpacked.some((p) => p.includes('@tensorflow/tfjs-node')));
  const files = config.files as string[];
  assert.ok(files.includes('renderer/dist/**/*'));
});

test('.pathwise files are associated with Pathwise as their editor', () => {
  const associations = config.fileAssociations as Record<string, YamlValue>[];
  const pathwise = associations.find((a) => a.ext === 'pathwise');
  assert.ok(pathwise);
  assert.equal(pathwise.name, 'Pathwise project');
  assert.equal(pathwise.role, 'Editor');
});
