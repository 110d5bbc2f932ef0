import { InvalidOptionsError } from '@gavel/core';

/** A list page as the cache keeps it: the JSON body of the answer and the moment it was computed at. */
export interface ListPage {
  /** The answer's body, serialized: what is sent, byte for byte. */
  readonly body: string;
  /** The clock's time when the page was computed: its views are at this moment, and its age counts from it. */
  readonly now: number;
}

/** Options of {@link createListPageCache}. */
export interface ListPageCacheOptions {
  /**
   * How long a page is served, in ms: while its age (`clock() - page.now`) is below it. 0 turns the
   * cache off: every request computes its page. Default {@link DEFAULT_LIST_PAGE_TTL_MS}.
   */
  readonly ttlMs?: number;
  /** The most pages kept; the least recently used goes first. Default {@link DEFAULT_LIST_PAGE_ENTRIES}. */
  readonly maxEntries?: number;
  /** The clock (epoch ms) the pages are computed at and age by. Default `Date.now`. */
  readonly clock?: () => number;
}

/**
 * Answers of `GET /api/auctions`, kept per list query for a short time (see {@link createListPageCache}).
 */
export interface ListPageCache {
  /**
   * The page of `key`: a fresh one kept, or the one `load(now)` computes at `now = clock()`. Requests
   * for `key` that arrive while it loads share that load. A load that fails is not kept: each caller
   * sharing it gets its error, and the next request loads again.
   */
  get(key: string, load: (now: number) => Promise<string>): Promise<ListPage>;
  /**
   * Forgets every page, and keeps none of the loads under way (their callers still get them): requests
   * from now on compute their pages again. Call it when the rows the pages come from change.
   */
  clear(): void;
  /** Pages kept. */
  readonly size: number;
}

/** The default time a page is served: the same bound as the catalog's lag target, 100 ms. */
export const DEFAULT_LIST_PAGE_TTL_MS = 100;

/** The default number of pages kept. */
export const DEFAULT_LIST_PAGE_ENTRIES = 256;

const checked = (value: number, name: string, least: number): number => {
  if (!Number.isSafeInteger(value) || value < least)
    throw new InvalidOptionsError(
      name,
      `createListPageCache: ${name} must be a whole number from ${least}, not ${value}`,
    );
  return value;
};

/**
 * A small cache of list pages: the serialized answer per list query, served while younger than
 * `ttlMs`, at most `maxEntries` of them (least recently used evicted), concurrent misses of one key
 * sharing one load. A page is self-consistent: its `now` and its views are those of the moment it was
 * computed. The owner calls {@link ListPageCache.clear} when the rows change (the auction house: on each
 * commit of its catalog), so a change this instance's catalog commits is in the next answer at once; a
 * change committed by another instance's catalog (the partitions it owns) reaches this instance's
 * answers within `ttlMs`.
 * @throws InvalidOptionsError naming `ttlMs` (a whole number from 0) or `maxEntries` (from 1) when out of range
 */
export const createListPageCache = (options: ListPageCacheOptions = {}): ListPageCache => {
  const ttlMs = checked(options.ttlMs ?? DEFAULT_LIST_PAGE_TTL_MS, 'ttlMs', 0);
  const maxEntries = checked(options.maxEntries ?? DEFAULT_LIST_PAGE_ENTRIES, 'maxEntries', 1);
  const clock = options.clock ?? Date.now;
  /** Pages by key, least recently used first (a `Map` keeps insertion order). */
  const pages = new Map<string, ListPage>();
  /** Loads under way by key, for the requests that arrive meanwhile. */
  const loading = new Map<string, Promise<ListPage>>();
  /** Counts the clears: a load begun before one is not kept. */
  let generation = 0;

  const isFresh = (page: ListPage, now: number): boolean => now - page.now >= 0 && now - page.now < ttlMs;

  const keep = (key: string, page: ListPage): void => {
    pages.set(key, page);
    if (pages.size > maxEntries) pages.delete(pages.keys().next().value as string);
  };

  const loadPage = async (key: string, load: (now: number) => Promise<string>, now: number) => {
    const begun = generation;
    const page: ListPage = { body: await load(now), now };
    if (begun === generation && isFresh(page, clock())) keep(key, page);
    return page;
  };

  return {
    get: async (key, load) => {
      const now = clock();
      if (ttlMs === 0) return { body: await load(now), now };
      const page = pages.get(key);
      if (page !== undefined) {
        pages.delete(key);
        if (isFresh(page, now)) {
          pages.set(key, page); // now the most recently used
          return page;
        }
      }
      const pending = loading.get(key);
      if (pending !== undefined) return pending;
      const loaded = loadPage(key, load, now);
      loading.set(key, loaded);
      const settled = () => {
        if (loading.get(key) === loaded) loading.delete(key);
      };
      loaded.then(settled, settled);
      return loaded;
    },
    clear: () => {
      generation++;
      pages.clear();
      loading.clear();
    },
    get size() {
      return pages.size;
    },
  };
};
