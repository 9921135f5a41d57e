// TensorFlow.js backend selection (DESIGN.md section 5): CUDA through tfjs-node-gpu, native
// CPU through tfjs-node, WebAssembly, then plain JS. The first that loads AND passes a
// one-op self-test (1 + 2 = 3) wins. Native packages are optional dependencies: on a
// machine without them the import fails and the next one is tried.
// Engines that do not train (usesTensorflow: false) run as plain TypeScript: backend 'js'.
export type BackendName = 'gpu' | 'cpu' | 'wasm' | 'js';
export type BackendPreference = 'auto' | BackendName;

/** The part of tfjs-core that selection needs (keeps engines free of a hard tfjs type import). */
interface TfCore {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tidy<T>(fn: () => T): T;
  add(a: unknown, b: unknown): { dataSync(): ArrayLike<number> };
  scalar(v: number): unknown;
}

export interface SelectedBackend {
  name: BackendName;
  /** Human-readable, as shown in the status bar and stored in each run, e.g. "wasm (tfjs 4.22.0)". */
  label: string;
  /** Why earlier candidates were passed over. */
  skipped: string[];
  tf: TfCore;
}

// Optional native packages: named through variables so that TypeScript does not require them.
const nodeGpuPackage: string = '@tensorflow/tfjs-node-gpu';
const nodeCpuPackage: string = '@tensorflow/tfjs-node';

const candidates: { name: BackendName; tfName: string; load: () => Promise<unknown> }[] = [
  { name: 'gpu', tfName: 'tensorflow', load: () => import(nodeGpuPackage) },
  { name: 'cpu', tfName: 'tensorflow', load: () => import(nodeCpuPackage) },
  { name: 'wasm', tfName: 'wasm', load: () => import('@tensorflow/tfjs-backend-wasm') },
  { name: 'js', tfName: 'cpu', load: () => import('@tensorflow/tfjs-backend-cpu') },
];

let cached: Promise<SelectedBackend> | undefined;
let cachedPreference: BackendPreference | undefined;

/** Selects (once per preference and thread) and returns the backend. */
export function selectBackend(preference: BackendPreference = 'auto'): Promise<SelectedBackend> {
  if (!cached || cachedPreference !== preference) {
    cachedPreference = preference;
    cached = trySelect(preference);
  }
  return cached;
}

async function trySelect(preference: BackendPreference): Promise<SelectedBackend> {
  const skipped: string[] = [];
  const list = preference === 'auto' ? candidates : candidates.filter((c) => c.name === preference);
  for (const candidate of list) {
    try {
      await candidate.load();
      // tfjs-node re-exports tfjs-core; the registry of backends is global, so core sees it.
      const tf = (await import('@tensorflow/tfjs-core')) as unknown as TfCore;
      if (!(await tf.setBackend(candidate.tfName))) throw new Error('setBackend refused');
      await tf.ready();
      const three = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]);
      if (three !== 3) throw new Error(`self-test gave ${three}, not 3`);
      const version = ((await import('@tensorflow/tfjs-core')) as unknown as { version_core: string })
        .version_core;
      return { name: candidate.name, label: `${candidate.name} (tfjs ${version})`, skipped, tf };
    } catch (err) {
      skipped.push(`${candidate.name}: ${firstLine(err)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded (${skipped.join('; ')})`);
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 200);
}

export function isBackendPreference(value: string): value is BackendPreference {
  return ['auto', 'gpu', 'cpu', 'wasm', 'js'].includes(value);
}
