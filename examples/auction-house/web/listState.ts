import type { ListPage } from './api';
import { appendPage } from './appendPage';
import type { ListQuery } from './listQuery';
import { getState, updateState } from './pageState';

/** The list page's list: what it asks for, what it shows, and where its requests stand. */
export interface ListState {
  readonly query: ListQuery;
  /** The listed auctions' ids, in the order of the pages that brought them. */
  readonly order: readonly string[];
  /** The cursor of the next page; null on the last page (no "More"). */
  readonly nextCursor: string | null;
  /** `loading` a new list (the old one stays until it comes), `loading-more` a further page. */
  readonly phase: 'loading' | 'loading-more' | 'ready' | 'failed';
  /** Why the last request failed; null after a success. */
  readonly error: string | null;
  /** The number of the latest request: only its answer is taken (a slower, older one is dropped). */
  readonly request: number;
}

/** Asks for a new list (controls changed, or the page opened); answers the request's number. */
export const listRequested = (query: ListQuery): number => {
  updateState((draft) => {
    draft.list.query = query;
    draft.list.phase = 'loading';
    draft.list.error = null;
    draft.list.request += 1;
  });
  return getState().list.request;
};

/** Asks for the next page ("More"); null when there is none, or while a request is under way. */
export const moreRequested = (): { readonly request: number; readonly cursor: string } | null => {
  const { nextCursor, phase } = getState().list;
  if (nextCursor === null || phase !== 'ready') return null;
  updateState((draft) => {
    draft.list.phase = 'loading-more';
    draft.list.error = null;
    draft.list.request += 1;
  });
  return { request: getState().list.request, cursor: nextCursor };
};

/**
 * The answer to request `request`: a new list replaces the one shown (and the auctions it no longer
 * lists are forgotten), a further page is appended without repeating an auction already listed. An
 * answer to an older request is dropped.
 */
export const listPageLoaded = (request: number, page: ListPage): void =>
  updateState((draft) => {
    const list = draft.list;
    if (list.request !== request || (list.phase !== 'loading' && list.phase !== 'loading-more')) return;
    const ids = page.auctions.map((auction) => auction.auctionId);
    if (list.phase === 'loading') {
      const kept = new Set(ids);
      for (const auctionId of Object.keys(draft.auctions))
        if (!kept.has(auctionId)) delete draft.auctions[auctionId];
      list.order = appendPage([], ids);
    } else list.order = appendPage(list.order, ids);
    list.nextCursor = page.nextCursor;
    list.phase = 'ready';
    draft.skewMs = page.now - Date.now();
    for (const auction of page.auctions) {
      const known = draft.auctions[auction.auctionId];
      // The same version is taken: the list's view is computed at a later clock than the feed's.
      if (known !== undefined && known.version > auction.version) continue;
      draft.auctions[auction.auctionId] = { ...auction, sellerName: '', history: null };
    }
  });

/** Request `request` failed: a further page leaves the list as it was (its "More" can be tried again). */
export const listFailed = (request: number, message: string): void =>
  updateState((draft) => {
    const list = draft.list;
    if (list.request !== request) return;
    list.phase = list.phase === 'loading-more' ? 'ready' : 'failed';
    list.error = message;
  });
