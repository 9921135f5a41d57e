// The headless command line (DESIGN.md section 3). Every command goes through PathwiseApi,
// the same implementation the app uses. Exit status: 0 success, 2 bad input (one line naming
// what is wrong), 1 internal error, 130 interrupted.
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { PathwiseApi } from './api.ts';
import { InputError } from '../shared/errors.ts';
import { findDefinition } from '../shared/analyses/index.ts';
import { loadResult, listRuns, latestFinishedRun } from './project/runs.ts';
import { findAnalysis } from './project/analyses.ts';
import { writeResult } from './export/writeResult.ts';
import { isBackendPreference } from './engines/common/backend.ts';
import { createDemoProject } from './demo/createDemo.ts';

const usage = `usage:
  pathwise run <kind> --data [name=]FILE ... --options OPTIONS.json --out DIR [--project FILE.pathwise] [--backend auto|gpu|cpu|wasm|js]
  pathwise demo FILE.pathwise
  pathwise import FILE.pathwise DATA.csv [--name NAME]
  pathwise list FILE.pathwise
  pathwise export FILE.pathwise <analysis> --out DIR
  pathwise serve [--port N] [--data-dir DIR] [--no-build]`;

class UsageError extends InputError {}

function say(line: string): void {
  process.stdout.write(line + '\n');
}

/** Progress on stderr, one line rewritten in place on a terminal, every few seconds otherwise. */
function progressPrinter(): (fraction: number, message: string) => void {
  let last = 0;
  return (fraction, message) => {
    const now = Date.now();
    const text = `${Math.round(fraction * 100)}% ${message}`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
    else if (now - last > 5000) {
      process.stderr.write(text + '\n');
      last = now;
    }
  };
}

function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

/** Shows a job's progress on stderr and cancels it on Ctrl-C while `work` (which waits for it) runs. */
async function followJob<T>(api: PathwiseApi, jobId: string, work: () => Promise<T>): Promise<T> {
  const printer = progressPrinter();
  const stop = api.onEvent((e) => {
    if (e.type === 'job.progress' && e.jobId === jobId) printer(e.fraction, e.message);
  });
  const onSigint = () => void api.invoke('runs.cancel', { jobId });
  process.once('SIGINT', onSigint);
  try {
    return await work();
  } finally {
    process.off('SIGINT', onSigint);
    stop();
    endProgress();
  }
}

async function commandRun(api: PathwiseApi, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string', multiple: true },
      options: { type: 'string' },
      out: { type: 'string' },
      project: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
    },
  });
  const kind = positionals[0];
  if (!kind || positionals.length > 1) throw new UsageError(`run: name one analysis kind\n${usage}`);
  const definition = findDefinition(kind);
  if (!definition) throw new UsageError(`run: unknown analysis kind "${kind}"`);
  if (definition.status !== 'ready')
    throw new UsageError(`run: ${kind} is not available in this version yet`);
  if (!values.out) throw new UsageError('run: --out DIR is required');
  if (!values.data?.length) throw new UsageError('run: at least one --data FILE is required');
  const backend = values.backend as string;
  if (!isBackendPreference(backend)) {
    throw new UsageError(`run: --backend must be auto, gpu, cpu, wasm or js, got "${backend}"`);
  }
  let options: unknown = {};
  if (values.options) {
    if (!existsSync(values.options)) throw new InputError(`${values.options}: no such file`);
    try {
      options = JSON.parse(readFileSync(values.options, 'utf8'));
    } catch (err) {
      throw new InputError(`${values.options}: not valid JSON (${(err as Error).message})`);
    }
  }
  const inputNames = Object.keys(definition.inputs);
  const temporary = values.project ? undefined : mkdtempSync(join(tmpdir(), 'pathwise-run-'));
  const projectPath = values.project ? resolve(values.project) : join(temporary!, 'run.pathwise');
  try {
    if (values.project && existsSync(projectPath)) await api.invoke('project.open', { path: projectPath });
    else await api.invoke('project.create', { path: projectPath });
    const inputs: Record<string, string> = {};
    for (const [i, spec] of values.data.entries()) {
      const eq = spec.indexOf('=');
      const hasName = eq > 0 && !existsSync(spec);
      const input = hasName ? spec.slice(0, eq) : inputNames[i];
      const file = hasName ? spec.slice(eq + 1) : spec;
      if (!input || !definition.inputs[input]) {
        throw new UsageError(`run: ${kind} has inputs ${inputNames.join(', ')}; got "${input ?? spec}"`);
      }
      const ds = await api.invoke('datasets.import', {
        path: resolve(file),
        name: undefined,
        jobId: `import-${i}`,
      });
      inputs[input] = ds.name;
    }
    const analysis = await api.invoke('analyses.create', { kind, inputs, options });
    const { jobId } = await api.invoke('runs.start', { analysisId: analysis.id, backend });
    const run = await followJob(api, jobId, () => api.invoke('runs.wait', { jobId }));
    if (run.status === 'cancelled') {
      process.stderr.write('cancelled\n');
      return 130;
    }
    if (run.status !== 'done') {
      const message = run.error ?? 'the analysis failed';
      // An engine's input error (e.g. a constant column) fails the run but is the user's to fix.
      throw run.errorKind === 'input' ? new InputError(message) : new Error(message);
    }
    const result = loadResult(api.current.db, run.id, kind);
    const files = await writeResult(result, values.out);
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    say(`${kind}: ${files.length} files written to ${values.out} (backend ${result.backend ?? 'js'})`);
    return 0;
  } finally {
    await api.shutdown();
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

async function commandImport(api: PathwiseApi, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' } },
  });
  const [project, data] = positionals;
  if (!project || !data || positionals.length > 2)
    throw new UsageError(`import: FILE.pathwise DATA.csv\n${usage}`);
  if (existsSync(project)) await api.invoke('project.open', { path: resolve(project) });
  else await api.invoke('project.create', { path: resolve(project) });
  try {
    const ds = await followJob(api, 'import', () =>
      api.invoke('datasets.import', { path: resolve(data), name: values.name, jobId: 'import' }),
    );
    for (const w of ds.warnings) process.stderr.write(`warning: ${w}\n`);
    say(`imported ${basename(data)} as "${ds.name}": ${ds.rowCount} rows, ${ds.columns.length} columns`);
    say(ds.columns.map((c) => `  ${c.name}: ${c.type}`).join('\n'));
    return 0;
  } finally {
    await api.shutdown();
  }
}

async function commandList(api: PathwiseApi, args: string[]): Promise<number> {
  const [project, ...rest] = args;
  if (!project || rest.length) throw new UsageError(`list: FILE.pathwise\n${usage}`);
  await api.invoke('project.open', { path: resolve(project) });
  try {
    const datasets = await api.invoke('datasets.list', {});
    const analyses = await api.invoke('analyses.list', {});
    say(`${basename(project)}: ${datasets.length} datasets, ${analyses.length} analyses`);
    say('datasets:');
    for (const d of datasets)
      say(`  ${d.name}\t${d.rowCount} rows\t${d.columns.length} columns\t${d.source ?? ''}`);
    say('analyses:');
    for (const a of analyses) {
      const runs = listRuns(api.current.db, a.id);
      const last = runs.at(-1);
      say(`  ${a.name}\t${a.kind}\t${runs.length} runs\t${last ? `last ${last.status}` : 'not run'}`);
    }
    return 0;
  } finally {
    await api.shutdown();
  }
}

async function commandExport(api: PathwiseApi, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const [project, ref] = positionals;
  if (!project || !ref || !values.out || positionals.length > 2) {
    throw new UsageError(`export: FILE.pathwise <analysis> --out DIR\n${usage}`);
  }
  await api.invoke('project.open', { path: resolve(project) });
  try {
    const analysis = findAnalysis(api.current.db, ref);
    const run = latestFinishedRun(api.current.db, analysis.id);
    if (!run) throw new InputError(`analysis "${analysis.name}" has no finished run to export`);
    const result = loadResult(api.current.db, run.id, analysis.kind);
    const files = await writeResult(result, values.out, { analysis: analysis.name, run: run.id });
    say(`${analysis.name} (run ${run.id}): ${files.length} files written to ${values.out}`);
    return 0;
  } finally {
    await api.shutdown();
  }
}

async function commandDemo(api: PathwiseApi, args: string[]): Promise<number> {
  const [project, ...rest] = args;
  if (!project || rest.length) throw new UsageError(`demo: FILE.pathwise\n${usage}`);
  if (extname(project) !== '.pathwise') throw new UsageError(`demo: the project file must end in .pathwise`);
  const summary = await createDemoProject(api, resolve(project), (line) => process.stderr.write(line + '\n'));
  await api.shutdown();
  say(summary);
  return 0;
}

async function commandServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    // 0 asks the system for a free port (the printed URL says which).
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new UsageError(
        `serve: --port must be a port number (0-65535, 0 = any free port), got "${values.port}"`,
      );
    }
  }
  // Loaded on demand: the other commands need neither ws nor the host.
  const { serve } = await import('./host/serve.ts');
  try {
    return await serve({ port, dataDir: values['data-dir'], build: !values['no-build'] });
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE')
      throw new InputError(`serve: port ${port} is in use`);
    process.stderr.write(`pathwise: serve: ${(err as Error).message}\n`);
    return 1;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // A reader that stops early (`pathwise list ... | head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const api = new PathwiseApi();
  try {
    switch (command) {
      case 'run':
        return await commandRun(api, args);
      case 'import':
        return await commandImport(api, args);
      case 'list':
        return await commandList(api, args);
      case 'export':
        return await commandExport(api, args);
      case 'demo':
        return await commandDemo(api, args);
      case 'serve':
        return await commandServe(args);
      case undefined:
      case 'help':
      case '--help':
        say(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n${usage}`);
    }
  } catch (err) {
    await api.shutdown().catch(() => undefined);
    if (err instanceof InputError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`pathwise: ${(err as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`pathwise: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
