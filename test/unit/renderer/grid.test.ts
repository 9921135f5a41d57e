// The virtual grid's arithmetic and page cache (renderer/lib/grid.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridWindow, maxScrollPx, PageCache, pagesFor, type Row } from '../../../renderer/lib/grid.ts';

test('only the rows in view plus the overscan are drawn', () => {
  const w = gridWindow(1000, 24, 480, 2400, 5);
  assert.equal(w.contentHeight, 24_000);
  assert.equal(w.first, 95);
  assert.equal(w.last, 100 + 21 + 5);
  assert.equal(w.top, 95 * 24);
  const start = gridWindow(1000, 24, 480, 0, 5);
  assert.equal(start.first, 0);
  assert.equal(start.top, 0);
});

test('a million rows: the scroll range is capped and scaled, the end is reachable', () => {
  const rows = 1_000_000;
  const viewport = 600;
  const natural = gridWindow(rows, 24, viewport, 0);
  assert.equal(natural.contentHeight, maxScrollPx);
  const end = gridWindow(rows, 24, viewport, maxScrollPx);
  assert.equal(end.last, rows, 'the last row is drawn at the bottom');
  const middle = gridWindow(rows, 24, viewport, (maxScrollPx - viewport) / 2);
  assert.ok(Math.abs(middle.first + 6 - rows / 2) < 40, `middle first ${middle.first}`);
  // The drawn block sits within the visible scroll range.
  const scrollTop = 1_234_567;
  const w = gridWindow(rows, 24, viewport, scrollTop);
  assert.ok(w.top <= scrollTop && w.top + (w.last - w.first) * 24 >= scrollTop + viewport);
  assert.ok(w.last - w.first < 50);
});

test('pages covering a window', () => {
  assert.deepEqual(pagesFor(0, 10, 200), [0]);
  assert.deepEqual(pagesFor(190, 410, 200), [0, 1, 2]);
  assert.deepEqual(pagesFor(5, 5, 200), []);
});

test('the page cache fetches each page once and evicts the least recently used', async () => {
  const calls: number[] = [];
  let loaded = 0;
  const cache = new PageCache(
    async (offset, limit) => {
      calls.push(offset);
      return Array.from({ length: limit }, (_, i): Row => [offset + i]);
    },
    10,
    2,
    () => loaded++,
  );
  assert.equal(cache.row(5), undefined);
  assert.equal(cache.row(6), undefined);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(calls, [0]);
  assert.deepEqual(cache.row(6), [6]);
  cache.ensure(10, 30);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(calls, [0, 10, 20]);
  assert.equal(cache.has(0), false, 'page 0 was evicted');
  assert.equal(loaded, 3);
  cache.clear();
  assert.equal(cache.has(1), false);
});
