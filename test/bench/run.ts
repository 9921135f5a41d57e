// `npm run bench`: every benchmark, printed with its ratio against the anchor named in the
// issue. Benchmarks are figures to read, not pass/fail tests.
//   npm run bench               all
//   npm run bench -- import     only those whose name contains "import"
import { benchImport } from './import.bench.ts';
import { benchCluster } from './cluster.bench.ts';
import { benchUi } from './ui.bench.ts';
import { benchMultistate } from './multistate.bench.ts';
import { benchRnn } from './rnn.bench.ts';
import { benchSequence } from './sequence.bench.ts';

// Each prints its lines as they come (a benchmark can take minutes).
const print = (line: string): void => console.log(line);
const benches: { name: string; run: () => Promise<unknown> }[] = [
  { name: 'import', run: () => benchImport(print) },
  { name: 'cluster', run: () => benchCluster(print) },
  { name: 'ui', run: async () => (await benchUi()).forEach(print) },
  { name: 'multistate', run: () => benchMultistate(print) },
  { name: 'rnn', run: () => benchRnn(print) },
  { name: 'sequence', run: () => benchSequence(print) },
];

const filter = process.argv[2];
for (const bench of benches) {
  if (filter && !bench.name.includes(filter)) continue;
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
