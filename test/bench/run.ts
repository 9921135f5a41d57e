// `npm run bench`: every benchmark, printed with its ratio against the anchor named in the
// issue. Benchmarks are figures to read, not pass/fail tests.
//   npm run bench               all
//   npm run bench -- import     only those whose name contains "import"
import { benchImport } from './import.bench.ts';
import { benchCluster } from './cluster.bench.ts';
import { benchUi } from './ui.bench.ts';

const benches: { name: string; run: () => Promise<string[]> }[] = [
  { name: 'import', run: benchImport },
  { name: 'cluster', run: benchCluster },
  { name: 'ui', run: benchUi },
];

const filter = process.argv[2];
for (const bench of benches) {
  if (filter && !bench.name.includes(filter)) continue;
  console.log(`\n== ${bench.name}`);
  for (const line of await bench.run()) console.log(line);
}
