/** How the list is sorted: the API's `sort` values. */
export const LIST_SORTS = ['ending', 'newest', 'price-asc', 'price-desc'] as const;
/** A value of the sort control. */
export type ListSort = (typeof LIST_SORTS)[number];

/** Which auctions the list shows: the API's `status` values the page offers, and `all` (no `status`). */
export const LIST_STATUSES = ['open', 'ended', 'closed', 'all'] as const;
/** A value of the status filter. */
export type ListStatus = (typeof LIST_STATUSES)[number];

/** What the list page asks for: its three controls. */
export interface ListQuery {
  readonly sort: ListSort;
  readonly status: ListStatus;
  /** Words of the title, trimmed and single-spaced; empty for no search. */
  readonly q: string;
}

/** The list a plain `/` shows: open auctions, ending soonest first, no search. */
export const DEFAULT_LIST_QUERY: ListQuery = Object.freeze({ sort: 'ending', status: 'open', q: '' });

/** The words of the sort control's options. */
export const SORT_LABELS: Readonly<Record<ListSort, string>> = {
  ending: 'Ending soonest',
  newest: 'Newly listed',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
};

/** The words of the status filter's options. */
export const STATUS_LABELS: Readonly<Record<ListStatus, string>> = {
  open: 'Open',
  ended: 'Ended, closing',
  closed: 'Closed',
  all: 'All',
};

/** The longest search the API takes, in characters. */
export const MAX_SEARCH_LENGTH = 200;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A search as the API takes it: control characters as spaces, runs of spaces as one, trimmed, at most
 * {@link MAX_SEARCH_LENGTH} characters (cut between code points, never inside a surrogate pair).
 */
export const cleanSearch = (typed: string): string => {
  const words = typed.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (words.length <= MAX_SEARCH_LENGTH) return words;
  let cut = '';
  for (const character of words) {
    if (cut.length + character.length > MAX_SEARCH_LENGTH) break;
    cut += character;
  }
  return cut.trim();
};

/** Whether two queries ask for the same list. */
export const sameListQuery = (a: ListQuery, b: ListQuery): boolean =>
  a.sort === b.sort && a.status === b.status && a.q === b.q;
