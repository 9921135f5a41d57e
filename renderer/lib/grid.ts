// The virtual grid's arithmetic and its page cache, without the DOM. Only the rows in view
// (plus a small overscan) are in the document; rows have a fixed height, so the row at a
// scroll offset is a division. Browsers cap an element's height (about 33 million px in
// Chromium, less elsewhere), so beyond `maxScrollPx` the scroll range is scaled: the scroll
// bar's position maps linearly onto the row range and rows are drawn at their own height.

export const maxScrollPx = 15_000_000;

export interface GridWindow {
  /** First row drawn. */
  first: number;
  /** One past the last row drawn. */
  last: number;
  /** Pixel offset (within the scroll content) of the first drawn row. */
  top: number;
  /** Height of the scroll content. */
  contentHeight: number;
}

/** The rows to draw for a scroll offset. */
export function gridWindow(
  rowCount: number,
  rowHeight: number,
  viewportHeight: number,
  scrollTop: number,
  overscan = 6,
): GridWindow {
  const natural = rowCount * rowHeight;
  const contentHeight = Math.min(natural, maxScrollPx);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const maxScroll = Math.max(0, contentHeight - viewportHeight);
  const clamped = Math.min(Math.max(0, scrollTop), maxScroll);
  let firstVisible: number;
  let top: number;
  if (natural <= maxScrollPx || maxScroll === 0) {
    firstVisible = Math.floor(clamped / rowHeight);
    top = firstVisible * rowHeight;
  } else {
    // Scaled: fraction of the scroll range -> fraction of the row range; the drawn block sits at
    // the scroll offset, shifted by the part of a row already scrolled past.
    const lastFirst = Math.max(0, rowCount - Math.floor(viewportHeight / rowHeight));
    const exact = (clamped / maxScroll) * lastFirst;
    firstVisible = Math.floor(exact);
    top = clamped - (exact - firstVisible) * rowHeight;
  }
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(rowCount, firstVisible + visible + overscan);
  return { first, last, top: top - (firstVisible - first) * rowHeight, contentHeight };
}

/** Page indices covering rows [first, last). */
export function pagesFor(first: number, last: number, pageSize: number): number[] {
  if (last <= first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((last - 1) / pageSize); p++) pages.push(p);
  return pages;
}

export type Row = (string | number | null)[];

/**
 * Pages of rows, fetched on demand and kept in least-recently-used order. A page requested
 * while it is loading is not fetched twice; `onLoaded` says when new rows can be drawn.
 */
export class PageCache {
  private readonly pages = new Map<number, Row[]>();
  private readonly loading = new Set<number>();
  private generation = 0;

  constructor(
    private readonly fetchPage: (offset: number, limit: number) => Promise<Row[]>,
    readonly pageSize = 200,
    private readonly maxPages = 60,
    private readonly onLoaded: () => void = () => undefined,
  ) {}

  /** The row, or undefined while its page loads (the page is requested). */
  row(index: number): Row | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.pages.get(page);
    if (!rows) {
      this.request(page);
      return undefined;
    }
    return rows[index - page * this.pageSize];
  }

  /** Requests every page the window needs, nearest first. */
  ensure(first: number, last: number): void {
    for (const page of pagesFor(first, last, this.pageSize)) {
      const rows = this.pages.get(page);
      if (rows) {
        this.pages.delete(page);
        this.pages.set(page, rows);
      } else this.request(page);
    }
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** Forgets everything (another dataset); answers of requests already sent are dropped. */
  clear(): void {
    this.pages.clear();
    this.loading.clear();
    this.generation++;
  }

  private request(page: number): void {
    if (this.loading.has(page) || this.pages.has(page)) return;
    this.loading.add(page);
    const generation = this.generation;
    this.fetchPage(page * this.pageSize, this.pageSize).then(
      (rows) => {
        if (generation !== this.generation) return;
        this.loading.delete(page);
        this.pages.set(page, rows);
        while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value!);
        this.onLoaded();
      },
      () => {
        if (generation === this.generation) this.loading.delete(page);
      },
    );
  }
}
