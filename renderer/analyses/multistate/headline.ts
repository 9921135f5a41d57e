// The line above multistate results: customers, transitions and events, e.g.
// "1,500 customers · 8 transitions · 2,384 events", read from the frequencies table (mstate
// events(): the customers entering the start state are all of them).
import type { Result } from '../../../shared/result.ts';
import { columnCells, formatNumber, toNumber } from '../../../shared/charts/tables.ts';

const notEvents = new Set(['no event', 'total entering']);

export function multistateHeadline(result: Result): string | undefined {
  const table = result.tables.frequencies;
  if (!table) return undefined;
  const from = columnCells(table, 'from').map(String);
  const to = columnCells(table, 'to').map(String);
  const count = columnCells(table, 'count').map(toNumber);
  const options = result.options as { states?: unknown } | null;
  const start = Array.isArray(options?.states) ? String(options.states[0]) : from[0];
  let customers: number | undefined;
  let transitions = 0;
  let events = 0;
  to.forEach((target, r) => {
    if (target === 'total entering') {
      if (from[r] === start && customers === undefined) customers = count[r];
    } else if (!notEvents.has(target)) {
      transitions++;
      events += Number.isFinite(count[r]) ? count[r]! : 0;
    }
  });
  const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    ...(customers !== undefined && Number.isFinite(customers) ? [plural(customers, 'customer')] : []),
    plural(transitions, 'transition'),
    plural(events, 'event'),
  ];
  return parts.join(' · ');
}
