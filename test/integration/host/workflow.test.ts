// An analyst's path through browser mode, over the real socket: a new project by name, a CSV
// uploaded and chosen by uploadId, previewed and imported, a cluster analysis run with its
// progress events arriving over the socket, and the project files kept inside the data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, request, startTestHost } from './helpers.ts';
import { repoRoot } from '../../helpers/tmp.ts';

const { host, dataDir } = await startTestHost();

async function upload(name: string, body: string | Uint8Array): Promise<string> {
  const res = await request(host, '/upload', {
    method: 'POST',
    headers: {
      Origin: host.origin,
      'X-Pathwise-Token': host.token,
      'X-File-Name': encodeURIComponent(name),
      'Content-Type': 'application/octet-stream',
    },
    body,
  });
  assert.equal(res.status, 200, res.text);
  return (JSON.parse(res.text) as { uploadId: string }).uploadId;
}

test('new project, upload, preview, import and a cluster run with progress over the socket', async () => {
  const client = await connect(host);
  try {
    const created = await client.ok<{ path: string }>('app.newProject', { name: 'Client A' });
    assert.equal(created.path, join(dataDir, 'projects', 'Client A.pathwise'));
    assert.ok(existsSync(created.path));
    const again = await client.call('app.newProject', { name: 'Client A.pathwise' });
    assert.ok(!again.ok && /already exists/.test(again.error.message), JSON.stringify(again));

    const csv = readFileSync(join(repoRoot, 'test', 'fixtures', 'cluster', 'blobs_kmeans', 'data.csv'));
    // A hostile name is reduced to its base name.
    const uploadId = await upload('../../etc/blobs.csv', csv);
    const chosen = await client.ok<{ fileId: string; name: string; bytes: number }>('app.chooseDataFile', {
      uploadId,
    });
    assert.equal(chosen.name, 'blobs.csv');
    assert.equal(chosen.bytes, csv.length);
    const unknown = await client.call('app.chooseDataFile', { uploadId: '0'.repeat(32) });
    assert.ok(!unknown.ok && unknown.error.kind === 'input');

    const preview = await client.ok<{ columns: { name: string; type: string }[]; rows: unknown[][] }>(
      'datasets.previewFile',
      { fileId: chosen.fileId, rows: 5 },
    );
    assert.equal(preview.columns[0]?.name, 'id');
    assert.equal(preview.columns[1]?.type, 'number');
    assert.equal(preview.rows.length, 5);

    const dataset = await client.ok<{ name: string; rowCount: number }>('datasets.importFile', {
      fileId: chosen.fileId,
      name: 'blobs',
      jobId: 'import-1',
    });
    assert.equal(dataset.name, 'blobs');
    assert.ok(dataset.rowCount > 0);
    assert.equal((await client.ok<unknown[]>('datasets.list')).length, 1);

    const analysis = await client.ok<{ id: number }>('analyses.create', {
      kind: 'cluster',
      inputs: { data: 'blobs' },
      options: { id: 'id', columns: ['x1', 'x2', 'x3'], method: 'kmeans', k: 3, restarts: 5 },
    });
    const before = client.events.length;
    const { jobId } = await client.ok<{ jobId: string }>('runs.start', { analysisId: analysis.id });
    const run = await client.ok<{ status: string; id: number }>('runs.wait', { jobId });
    assert.equal(run.status, 'done');
    // The finished event may trail the reply by a tick.
    for (let i = 0; i < 50 && !client.events.some((e) => e.type === 'job.finished'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const mine = client.events.slice(before).filter((e) => e.jobId === jobId);
    assert.ok(
      mine.some((e) => e.type === 'job.progress'),
      `no progress events: ${JSON.stringify(mine)}`,
    );
    assert.ok(mine.some((e) => e.type === 'job.finished'));
    const result = await client.ok<{ tables: Record<string, unknown> }>('runs.result', { runId: run.id });
    assert.ok(result.tables.segments);

    const saved = await client.ok<{ path: string }>('app.saveAs', { name: 'Client A v2' });
    assert.equal(saved.path, join(dataDir, 'projects', 'Client A v2.pathwise'));
    const projects = await client.ok<{ name: string }[]>('app.projects');
    assert.deepEqual(projects.map((p) => p.name).sort(), ['Client A v2.pathwise', 'Client A.pathwise']);
    const reopened = await client.ok<{ path: string; analyses: number }>('app.openProject', {
      name: 'Client A',
    });
    assert.equal(reopened.analyses, 1);
    const missing = await client.call('app.openProject', { name: 'Nobody' });
    assert.ok(!missing.ok && missing.error.kind === 'input');
    const info = await client.ok<{ mode: string; projectsDir: string }>('app.info');
    assert.equal(info.mode, 'browser');
    assert.equal(info.projectsDir, join(dataDir, 'projects'));
    // Browser mode never writes exports from main: the page downloads them.
    const save = await client.ok<{ saved: boolean }>('app.saveFile', {
      suggestedName: 'x.csv',
      data: 'a',
      encoding: 'utf8',
    });
    assert.equal(save.saved, false);
  } finally {
    client.close();
  }
});
