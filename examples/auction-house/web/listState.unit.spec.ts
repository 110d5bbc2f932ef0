import type { PublicView } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import type { AuctionSummary, ListPage } from './api';
import { DEFAULT_LIST_QUERY } from './listQuery';
import { listFailed, listPageLoaded, listRequested, moreRequested } from './listState';
import { feedMessage, getState } from './pageState';

const view = (auctionId: string, price: number | null): PublicView => ({
  auctionId,
  status: 'open',
  currency: 'USD',
  price,
  leaderId: price === null ? null : 'bidder01',
  minimumNextBid: (price ?? 1000) + 50,
  bidCount: price === null ? 0 : 1,
  reserveMet: null,
  startsAt: 0,
  endsAt: 1e15,
  buyNowPrice: null,
});
const summary = (auctionId: string, version = 1, price: number | null = null): AuctionSummary => ({
  auctionId,
  title: `Lot ${auctionId}`,
  version,
  view: view(auctionId, price),
});
const page = (auctions: AuctionSummary[], nextCursor: string | null): ListPage => ({
  auctions,
  nextCursor,
  now: Date.now(),
});

describe('the list state (immer)', () => {
  it('replaces the list, appends further pages without repeats, and stops at the last page', () => {
    const first = listRequested(DEFAULT_LIST_QUERY);
    expect(getState().list.phase).toBe('loading');
    expect(moreRequested()).toBeNull(); // no "More" while the list loads
    listPageLoaded(first, page([summary('a'), summary('b')], 'cursor-1'));
    expect(getState().list).toMatchObject({ order: ['a', 'b'], nextCursor: 'cursor-1', phase: 'ready' });
    const before = getState();

    const more = moreRequested();
    expect(more).toEqual({ request: first + 1, cursor: 'cursor-1' });
    expect(moreRequested()).toBeNull(); // one at a time
    // b moved to the second page between the two requests (its price changed): it stays where it was.
    listPageLoaded(more?.request ?? 0, page([summary('b', 2, 1200), summary('c')], null));
    expect(getState().list).toMatchObject({ order: ['a', 'b', 'c'], nextCursor: null, phase: 'ready' });
    expect(getState().auctions.b?.view.price).toBe(1200);
    expect(moreRequested()).toBeNull();
    expect(before.list.order).toEqual(['a', 'b']);
    expect(Object.isFrozen(getState().list.order)).toBe(true);
  });

  it('takes only the answer of the latest request, and forgets auctions no longer listed', () => {
    const older = listRequested({ sort: 'newest', status: 'open', q: '' });
    const latest = listRequested({ sort: 'newest', status: 'all', q: 'lot' });
    listPageLoaded(latest, page([summary('c'), summary('d')], null));
    listPageLoaded(older, page([summary('x')], 'stale'));
    expect(getState().list).toMatchObject({
      query: { sort: 'newest', status: 'all', q: 'lot' },
      order: ['c', 'd'],
      nextCursor: null,
    });
    expect(Object.keys(getState().auctions).sort()).toEqual(['c', 'd']);
  });

  it('keeps a newer view from the feed over an older one from the list', () => {
    feedMessage({ type: 'change', auctionId: 'c', version: 3, view: view('c', 2000) });
    const request = listRequested({ sort: 'ending', status: 'all', q: '' });
    listPageLoaded(request, page([summary('c', 2, 1500), summary('e')], null));
    expect(getState().auctions.c?.view.price).toBe(2000);
    expect(getState().auctions.c?.version).toBe(3);
  });

  it('keeps the list when a further page fails, so that More can be tried again', () => {
    const request = listRequested(DEFAULT_LIST_QUERY);
    listPageLoaded(request, page([summary('a')], 'cursor-1'));
    const more = moreRequested();
    listFailed(more?.request ?? 0, 'The server could not be reached; try again');
    expect(getState().list).toMatchObject({
      order: ['a'],
      nextCursor: 'cursor-1',
      phase: 'ready',
      error: 'The server could not be reached; try again',
    });
    expect(moreRequested()).toEqual({ request: (more?.request ?? 0) + 1, cursor: 'cursor-1' });

    const failed = listRequested({ sort: 'newest', status: 'open', q: '' });
    listFailed(failed, 'Bad request');
    expect(getState().list.phase).toBe('failed');
  });
});
