// Real US Census migration tables for the `flows` demo, shipped in main/demo/data as byte-for-byte
// copies of ../shared/data/migration (public-domain ACS / OMB data; provenance in data/SOURCE.md),
// so the project stands on its own. The bytes are read when asked for, never transformed: the
// Georgia file stays ISO-8859-1 and the state table keeps its UTF-8 byte-order mark.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DemoEncoding = 'utf-8' | 'latin1';

export interface CensusFile {
  name: string;
  fileName: string;
  encoding: DemoEncoding;
  description: string;
}

export const censusFiles: readonly CensusFile[] = [
  {
    name: 'state_to_state_2019',
    fileName: 'state_to_state_2019.csv',
    encoding: 'utf-8',
    description:
      'US Census Bureau state-to-state migration flows 2019 (ACS 1-year): a 51 x 51 matrix, rows = state of ' +
      'residence (destination), columns = state a year ago (origin), diagonal N/A.',
  },
  {
    name: 'georgia_county_to_county_2016_2020',
    fileName: 'georgia_county_to_county_2016_2020.csv',
    encoding: 'latin1',
    description:
      'US Census Bureau county-to-county migration flows, ACS 2016-2020 5-year, Georgia section: 18,818 rows ' +
      'in the ins-outs-nets-gross layout (12 columns, no FIPS codes), ISO-8859-1.',
  },
  {
    name: 'county_centers',
    fileName: 'county_centers.csv',
    encoding: 'utf-8',
    description:
      'US Census county geographic and population centres for 2000 and 2010: 3,147 counties by 5-digit FIPS.',
  },
  {
    name: 'cbsa2fipsxw',
    fileName: 'cbsa2fipsxw.csv',
    encoding: 'utf-8',
    description:
      'NBER crosswalk of core-based statistical areas (OMB delineation) to FIPS counties: 1,882 counties in ' +
      '929 metropolitan and micropolitan areas.',
  },
];

export const censusSourceFile = 'SOURCE.md';

/** Where a shipped data file lives (main/demo/data/<fileName>). */
export function demoDataPath(fileName: string): string {
  return fileURLToPath(new URL(`./data/${fileName}`, import.meta.url));
}

export function readCensusBytes(file: CensusFile): Uint8Array {
  return new Uint8Array(readFileSync(demoDataPath(file.fileName)));
}

/** The file as text: decoded from its encoding (ISO-8859-1 exactly, not windows-1252), BOM dropped. */
export function readCensusText(file: CensusFile): string {
  const bytes = Buffer.from(readCensusBytes(file));
  const text = file.encoding === 'latin1' ? bytes.toString('latin1') : bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
