// The layering rule (STYLE.md section 1) is enforced by eslint: an import the wrong way
// fails lint. Checked here on snippets placed in each layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { repoRoot } from '../../helpers/tmp.ts';

const eslint = new ESLint({ cwd: repoRoot });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; code: string; allowed: boolean }[] = [
  {
    file: 'shared/x.ts',
    code: "import { api } from '../main/api.ts';\nexport const x = api;",
    allowed: false,
  },
  {
    file: 'shared/x.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;",
    allowed: false,
  },
  { file: 'shared/x.ts', code: "import { z } from 'zod';\nexport const x = z;", allowed: true },
  {
    file: 'renderer/lib/x.ts',
    code: "import { ProjectFile } from '../../main/project/projectFile.ts';\nexport const x = ProjectFile;",
    allowed: false,
  },
  {
    file: 'renderer/lib/x.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;",
    allowed: false,
  },
  {
    file: 'renderer/lib/x.ts',
    code: "import { channels } from '../../shared/api.ts';\nexport const x = channels;",
    allowed: true,
  },
  {
    file: 'main/engines/cluster/x.ts',
    code: "import Database from 'better-sqlite3';\nexport const x = Database;",
    allowed: false,
  },
  {
    file: 'main/engines/cluster/x.ts',
    code: "import { writeFileSync } from 'node:fs';\nexport const x = writeFileSync;",
    allowed: false,
  },
  {
    file: 'main/engines/cluster/x.ts',
    code: "import { loadFrame } from '../../project/datasets.ts';\nexport const x = loadFrame;",
    allowed: false,
  },
  {
    file: 'main/engines/cluster/x.ts',
    code: "import { makeTable } from '../../../shared/result.ts';\nexport const x = makeTable;",
    allowed: true,
  },
  {
    file: 'main/project/x.ts',
    code: "import { PathwiseApi } from '../api.ts';\nexport const x = PathwiseApi;",
    allowed: false,
  },
  {
    file: 'main/jobs/x.ts',
    code: "import { channels } from '../../shared/api.ts';\nexport const x = channels;",
    allowed: true,
  },
  {
    file: 'main/jobs/x.ts',
    code: "import { main } from '../cli.ts';\nexport const x = main;",
    allowed: false,
  },
];

for (const c of cases) {
  test(`${c.file}: ${c.code.split('\n')[0]} is ${c.allowed ? 'allowed' : 'refused'}`, async () => {
    const errors = await layeringErrors(c.file, c.code);
    if (c.allowed) assert.deepEqual(errors, []);
    else assert.ok(errors.length > 0, 'lint must refuse this import');
  });
}
