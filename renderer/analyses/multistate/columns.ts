// Time and status columns suggested from column names, as wide msprep data names them:
// `St2` / `St2.s` (state 2), `rec` / `rec.s` (mstate's ebmt4), `prtime` / `prstat` (ebmt3),
// `Paused_time` / `Paused_status`, `Paused.time` / `Paused.status`. A status column is found
// by its suffix, its time column by the stem; pairs then go to states by name (ignoring case
// and punctuation: "Rec+AE" takes `recae`), by number (the k-th state takes `St<k>`), and the
// states left over take the unnumbered pairs left over in column order (ebmt3's "RelDeath"
// takes `rfs`).
// Pure: the wizard section calls it whenever the states change.
import type { ColumnInfo } from '../../lib/wizard.ts';
import type { DataType } from '../../../shared/frame.ts';

/** A time column and its status column, with the stem they share ("St2", "pr"). */
export interface ColumnPair {
  stem: string;
  time: string;
  status: string;
}

export type StateColumns = { time: Record<string, string>; status: Record<string, string> };

const timeTypes: readonly DataType[] = ['integer', 'number'];
const statusTypes: readonly DataType[] = ['integer', 'number', 'boolean'];

// Longest first: `St2.status` is stem St2, not "St2.stat" + "us".
const statusSuffixes = [
  /^(.+?)[._ -]?status$/i,
  /^(.+?)[._ -]?event$/i,
  /^(.+?)[._ -]?stat$/i,
  /^(.+?)[._ ](?:s|d|e)$/i,
];
const timeSuffixes = ['', '.time', '_time', ' time', 'time', '.t', '_t', '.tm', '_tm'];

/** Lower case without punctuation: how names are compared ("Rec+AE" and "recae" agree). */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Time/status pairs among the columns, in the order of their status columns. */
export function columnPairs(columns: readonly ColumnInfo[]): ColumnPair[] {
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const pairs: ColumnPair[] = [];
  const used = new Set<string>();
  for (const column of columns) {
    if (!statusTypes.includes(column.type)) continue;
    for (const pattern of statusSuffixes) {
      const stem = pattern.exec(column.name)?.[1];
      if (!stem) continue;
      const time = timeSuffixes
        .map((suffix) => byName.get(`${stem}${suffix}`.toLowerCase()))
        .find((c) => c !== undefined && c.name !== column.name && timeTypes.includes(c.type));
      if (!time || used.has(time.name) || used.has(column.name)) continue;
      pairs.push({ stem, time: time.name, status: column.name });
      used.add(time.name);
      used.add(column.name);
      break;
    }
  }
  return pairs;
}

/** States named after the pairs, after a start state: for "suggest states from columns". */
export function suggestStates(columns: readonly ColumnInfo[], start = 'Start'): string[] {
  const stems = columnPairs(columns).map((p) => p.stem);
  let first = start;
  for (let n = 2; stems.some((s) => nameKey(s) === nameKey(first)); n++) first = `${start} ${n}`;
  return stems.length > 0 ? [first, ...stems] : [];
}

const numberedStem = /^(?:st|state|s)?0*(\d+)$/;

/** Whether a stem is the number of the state at `index` (0-based): `St3`, `state3`, `s3` for index 2. */
function isStateNumber(stem: string, index: number): boolean {
  const match = numberedStem.exec(nameKey(stem));
  return match !== null && Number(match[1]) === index + 1;
}

/**
 * The time and status columns of every state after the first: `keep` ("time:Paused",
 * "status:Paused") are the analyst's own choices and stay; every other entry is suggested
 * again from the pairs (by name, then by number, then in order), or left out when none is left.
 */
export function suggestStateColumns(
  states: readonly string[],
  columns: readonly ColumnInfo[],
  current: StateColumns,
  keep: ReadonlySet<string>,
): StateColumns {
  const time: Record<string, string> = {};
  const status: Record<string, string> = {};
  const later = states.slice(1);
  for (const state of later) {
    if (keep.has(`time:${state}`) && current.time[state] !== undefined) time[state] = current.time[state];
    if (keep.has(`status:${state}`) && current.status[state] !== undefined)
      status[state] = current.status[state];
  }
  // Columns the analyst gave a state are not suggested for another one.
  const owner = new Map<string, string>();
  for (const state of later) {
    if (time[state] !== undefined) owner.set(time[state], state);
    if (status[state] !== undefined) owner.set(status[state], state);
  }
  const freeFor = (state: string, pair: ColumnPair) =>
    [pair.time, pair.status].every((c) => (owner.get(c) ?? state) === state);
  const pairs = columnPairs(columns).filter((p) => later.some((s) => freeFor(s, p)));
  const fixed = (role: 'time' | 'status', state: string) => keep.has(`${role}:${state}`);
  const open = later.filter((s) => !fixed('time', s) || !fixed('status', s));
  const assigned = new Map<string, ColumnPair>();
  const unassigned = (pair: ColumnPair) => ![...assigned.values()].includes(pair);
  const rules: ((state: string, pair: ColumnPair) => boolean)[] = [
    (state, pair) => nameKey(state) !== '' && nameKey(state) === nameKey(pair.stem),
    (state, pair) => isStateNumber(pair.stem, states.indexOf(state)),
  ];
  for (const rule of rules) {
    for (const state of open) {
      if (assigned.has(state)) continue;
      const pair = pairs.find((p) => unassigned(p) && freeFor(state, p) && rule(state, p));
      if (pair) assigned.set(state, pair);
    }
  }
  // Left-over states take left-over pairs in order, except pairs named after another state or
  // numbered (St4 belongs to the fourth state, whichever that is).
  const spoken = (pair: ColumnPair) =>
    numberedStem.test(nameKey(pair.stem)) || states.some((s) => nameKey(s) === nameKey(pair.stem));
  const rest = pairs.filter((p) => unassigned(p) && !spoken(p));
  for (const state of open) {
    if (assigned.has(state)) continue;
    const pair = rest.find((p) => unassigned(p) && freeFor(state, p));
    if (pair) assigned.set(state, pair);
  }
  for (const [state, pair] of assigned) {
    if (!fixed('time', state)) time[state] = pair.time;
    if (!fixed('status', state)) status[state] = pair.status;
  }
  // Map keys in state order, as the options show them.
  const ordered = (map: Record<string, string>) =>
    Object.fromEntries(later.filter((s) => map[s] !== undefined).map((s) => [s, map[s]!]));
  return { time: ordered(time), status: ordered(status) };
}
