// Benchmark of the cluster engine on 100,000 x 10 blobs, the size of the speed anchor in
// fixture cluster/blobs_dbscan (README "Timing"): R dbscan 1.1-11 took 71.5 CPU s for
// dbscan(X, eps = 2.75, minPts = 10) and kNNdist(X, k = 9) 399.4 s elapsed. CPU seconds are
// measured with process.cpuUsage (user + system) in this process.
//   node --import tsx test/bench/cluster.bench.ts
import { fileURLToPath } from 'node:url';
import { clusterEngine } from '../../main/engines/cluster/index.ts';
import { plainContext } from '../../main/engines/engine.ts';
import { clusterOptions } from '../../shared/analyses/cluster.ts';
import type { Frame } from '../../shared/frame.ts';
import type { Result } from '../../shared/result.ts';
import { Rng } from '../../main/engines/common/rng.ts';
import { buildKdTree } from '../../main/engines/common/kd-tree.ts';
import { kthNeighbourSquaredDistances } from '../../main/engines/common/knn-distance.ts';
import { silentMonitor } from '../../main/engines/common/work-monitor.ts';

const rDbscanCpuSeconds = 71.5;
const rKnnDistElapsedSeconds = 399.4;

/**
 * As the fixture README's gen_blobs(seed, n, d, shares): Gaussian blobs (sd 1) with centres
 * uniform in [-12, 12]^d at least 9 apart, sizes by `shares` of the non-noise points, plus 5%
 * uniform noise over the blobs' bounding box widened by 3; rows shuffled.
 */
export function generateBlobs(seed: number, n: number, d: number, shares: number[]): Frame {
  const rng = new Rng(seed);
  const centres: number[][] = [];
  while (centres.length < shares.length) {
    const candidate = Array.from({ length: d }, () => -12 + 24 * rng.nextFloat());
    const farEnough = centres.every(
      (centre) => Math.sqrt(centre.reduce((sum, x, c) => sum + (x - candidate[c]!) ** 2, 0)) >= 9,
    );
    if (farEnough) centres.push(candidate);
  }
  const noiseCount = Math.round(0.05 * n);
  const blobTotal = n - noiseCount;
  const sizes = shares.map((share) => Math.floor(share * blobTotal));
  sizes[0]! += blobTotal - sizes.reduce((a, b) => a + b, 0);
  const rows: number[][] = [];
  sizes.forEach((size, b) => {
    for (let i = 0; i < size; i++) rows.push(centres[b]!.map((x) => x + rng.nextNormal()));
  });
  const low = Array.from({ length: d }, (_, c) => Math.min(...rows.map((row) => row[c]!)) - 3);
  const high = Array.from({ length: d }, (_, c) => Math.max(...rows.map((row) => row[c]!)) + 3);
  for (let i = 0; i < noiseCount; i++) {
    rows.push(low.map((lo, c) => lo + (high[c]! - lo) * rng.nextFloat()));
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return {
    name: 'blobs',
    rowCount: rows.length,
    columns: Array.from({ length: d }, (_, c) => ({
      name: `x${c + 1}`,
      type: 'number' as const,
      values: Float64Array.from(rows, (row) => row[c]!),
    })),
  };
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function metric(result: Result, name: string): number | string | null {
  const row = result.tables.metrics!.rows.find((r) => r[0] === name);
  return row ? row[1]! : null;
}

/** The benchmark's lines; `onLine` sees each as soon as it is measured (the runner prints the result). */
export async function benchCluster(onLine: (line: string) => void = () => {}): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    onLine(line);
  };
  const generated = process.cpuUsage();
  const frame = generateBlobs(9, 100000, 10, [0.36, 0.26, 0.18, 0.12, 0.08]);
  const columns = frame.columns.map((c) => c.name);
  say(
    `cluster bench: ${frame.rowCount} x ${columns.length} blobs ` +
      `(generated in ${cpuSeconds(generated).toFixed(2)} CPU s)`,
  );

  const run = async (raw: Record<string, unknown>): Promise<{ result: Result; seconds: number }> => {
    const options = clusterOptions.parse({ columns, ...raw });
    const before = process.cpuUsage();
    const result = await clusterEngine.run({ data: frame }, options, plainContext());
    return { result, seconds: cpuSeconds(before) };
  };
  const fmt = (x: number | string | null, digits = 4): string =>
    typeof x === 'number' ? Number(x.toPrecision(digits)).toString() : String(x);

  for (const restarts of [1, 25]) {
    const { result, seconds } = await run({ method: 'kmeans', k: 5, restarts, seed: 1 });
    say(
      `kmeans k 5 restarts ${restarts}: ${seconds.toFixed(2)} CPU s ` +
        `(clustering ${(result.timings.cluster_ms! / 1000).toFixed(2)} s); ` +
        `clusters ${metric(result, 'clusters')}, tot_withinss ${fmt(metric(result, 'tot_withinss'), 10)}, ` +
        `silhouette ${fmt(metric(result, 'silhouette'))}; no R timing for k-means in the fixture README`,
    );
  }
  for (const eps of ['auto', 2.75] as const) {
    const { result, seconds } = await run({ method: 'dbscan', eps, min_pts: 10 });
    const t = result.timings;
    const noise = Math.round((metric(result, 'noise_share') as number) * frame.rowCount);
    say(
      `dbscan min_pts 10 eps ${eps === 'auto' ? `auto (= ${fmt(metric(result, 'eps'))})` : eps}: ` +
        `${seconds.toFixed(2)} CPU s for the whole run (k-distance curve from a 20,000-point sample ` +
        `${(t.knn_ms! / 1000).toFixed(2)} s, DBSCAN itself ${(t.dbscan_ms! / 1000).toFixed(2)} s, ` +
        `silhouette ${(t.silhouette_ms! / 1000).toFixed(2)} s); ` +
        `clusters ${metric(result, 'clusters')}, noise ${noise}`,
    );
    say(
      `  vs R dbscan(X, eps, minPts) ${rDbscanCpuSeconds} CPU s: ` +
        `whole run ${(rDbscanCpuSeconds / seconds).toFixed(1)}x ` +
        `faster, DBSCAN itself ${(rDbscanCpuSeconds / (t.dbscan_ms! / 1000)).toFixed(0)}x`,
    );
  }

  // Exact k-distances of all 100,000 points (what R kNNdist(X, k = 9) computes).
  const n = frame.rowCount;
  const d = columns.length;
  const values = new Float64Array(n * d);
  frame.columns.forEach((column, c) => {
    for (let i = 0; i < n; i++) values[i * d + c] = column.values[i] as number;
  });
  const before = process.cpuUsage();
  const tree = buildKdTree({ n, d, values });
  kthNeighbourSquaredDistances(tree, 10, null, silentMonitor);
  const knnSeconds = cpuSeconds(before);
  say(
    `exact k-distances of all ${n} points (k 10, itself counted = R kNNdist k 9): ` +
      `${knnSeconds.toFixed(2)} CPU s; ` +
      `R kNNdist ${rKnnDistElapsedSeconds} s elapsed (no CPU figure): ` +
      `${(rKnnDistElapsedSeconds / knnSeconds).toFixed(0)}x`,
  );
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchCluster((line) => console.log(line));
}
