// `pathwise demo FILE`: a project with sample data for every analysis kind and one finished
// run of each analysis that can run in this version, run one after the other in the order of
// demoAnalyses() (so "Score new customers" finds the finished rnn run whose model it applies).
// Data come from main/demo/datasets.ts (generated deterministically, plus the real Census
// tables shipped in main/demo/data).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PathwiseApi } from '../api.ts';
import { findDefinition } from '../../shared/analyses/index.ts';
import { demoAnalyses, demoDatasets } from './datasets.ts';

export async function createDemoProject(
  api: PathwiseApi,
  path: string,
  log: (line: string) => void,
): Promise<string> {
  await api.invoke('project.create', { path });
  const folder = mkdtempSync(join(tmpdir(), 'pathwise-demo-'));
  try {
    for (const dataset of demoDatasets()) {
      const file = join(folder, dataset.fileName);
      writeFileSync(file, dataset.bytes());
      const imported = await api.invoke('datasets.import', { path: file, name: dataset.name });
      log(`imported ${dataset.name}: ${imported.rowCount} rows (${dataset.kind})`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  let ran = 0;
  const analyses = demoAnalyses();
  for (const spec of analyses) {
    const analysis = await api.invoke('analyses.create', spec);
    if (findDefinition(spec.kind)?.status !== 'ready') {
      log(`added ${analysis.name} (${spec.kind}: not available in this version yet, not run)`);
      continue;
    }
    const { jobId } = await api.invoke('runs.start', { analysisId: analysis.id });
    const run = await api.invoke('runs.wait', { jobId });
    if (run.status !== 'done')
      throw new Error(`demo analysis "${analysis.name}" ${run.status}: ${run.error}`);
    ran++;
    log(`ran ${analysis.name} (${spec.kind})`);
  }
  const info = await api.invoke('project.info', {});
  return `demo project ${path}: ${info?.datasets ?? 0} datasets, ${analyses.length} analyses, ${ran} run`;
}
