import type { PublicHistoryEntry, PublicView, RetractionScope } from '@gavel/core';
import { type Draft, produce } from 'immer';
import type { AuctionDetail, OwnOffer, Viewer } from './api';
import type { FeedMessage, FeedStatus } from './feedClient';
import { DEFAULT_LIST_QUERY } from './listQuery';
import type { ListState } from './listState';
import type { NotificationsState } from './notificationsState';

/** One auction as the page shows it. */
export interface LiveAuction {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
  /** The stream version of `view`. */
  readonly version: number;
  readonly view: PublicView;
  /** The public history, newest last; null where the page does not show it (the list). */
  readonly history: readonly PublicHistoryEntry[] | null;
}

/** The signed-in user's standing in one auction: their masked id, their own offer, what they may retract. */
export interface Standing {
  readonly bidderId: string;
  readonly offer: OwnOffer | null;
  /** What a retraction now would withdraw (`all` their bids or their `latest`); null: none allowed. */
  readonly retraction: RetractionScope | null;
  /** When `retraction` stops holding by the clock alone (server epoch ms); null without one. */
  readonly retractionUntil: number | null;
}

/** Everything the page shows. Immutable: every change goes through {@link updateState} (immer's `produce`). */
export interface PageState {
  readonly viewer: Viewer | null;
  readonly auctions: Readonly<Record<string, LiveAuction>>;
  /** The list page's list (its changes are in `listState.ts`). */
  readonly list: ListState;
  readonly standings: Readonly<Record<string, Standing>>;
  /** The signed-in user's notifications (their changes are in `notificationsState.ts`). */
  readonly notifications: NotificationsState;
  readonly connection: FeedStatus;
  /** Server clock minus this browser's clock, ms: countdowns follow the server's time. */
  readonly skewMs: number;
}

/** The most history entries the page keeps per auction (the oldest are dropped). */
const MAX_HISTORY = 500;

let state: PageState = {
  viewer: null,
  auctions: {},
  list: {
    query: DEFAULT_LIST_QUERY,
    order: [],
    nextCursor: null,
    phase: 'loading',
    error: null,
    request: 0,
  },
  standings: {},
  notifications: { items: [], loaded: false },
  connection: 'connecting',
  skewMs: 0,
};
const listeners = new Set<(next: PageState, previous: PageState) => void>();

/** The current state. */
export const getState = (): PageState => state;

/** Calls `listener` after every change. */
export const onStateChange = (listener: (next: PageState, previous: PageState) => void): void => {
  listeners.add(listener);
};

/** Changes the state through immer's `produce` and tells the listeners. */
export const updateState = (recipe: (draft: Draft<PageState>) => void): void => {
  const previous = state;
  state = produce(state, recipe);
  if (state !== previous) for (const listener of listeners) listener(state, previous);
};

/** One auction from `GET /api/auctions/:id`, with the user's standing. */
export const detailLoaded = (detail: AuctionDetail): void =>
  updateState((draft) => {
    draft.skewMs = detail.now - Date.now();
    const { you, now: _now, ...auction } = detail;
    const known = draft.auctions[detail.auctionId];
    if (known === undefined || known.version < detail.version || known.history === null)
      draft.auctions[detail.auctionId] = { ...auction, history: [...detail.history] };
    if (you !== null)
      draft.standings[detail.auctionId] = {
        bidderId: you.bidderId,
        offer: you.offer,
        retraction: you.retraction,
        retractionUntil: you.retractionUntil,
      };
  });

/** A message of the live feed. */
export const feedMessage = (message: FeedMessage): void =>
  updateState((draft) => {
    if (message.type === 'error') return;
    const auction = draft.auctions[message.auctionId];
    if (auction === undefined) return;
    if (message.type === 'snapshot') {
      if (message.version < auction.version) return;
      auction.version = message.version;
      auction.view = message.view;
      if (auction.history !== null) auction.history = message.history.slice(-MAX_HISTORY);
      return;
    }
    if (message.version <= auction.version && message.entry === undefined) return;
    if (message.version > auction.version) {
      auction.version = message.version;
      auction.view = message.view;
    }
    const entry = message.entry;
    const history = auction.history;
    if (
      entry !== undefined &&
      history !== null &&
      !history.some((known) => known.version === entry.version)
    ) {
      history.push(entry);
      history.sort((a, b) => a.version - b.version);
      if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    }
  });

/** The user's own bid was accepted: their offer, and the answer's view when it is newer. */
export const offerAccepted = (auctionId: string, offer: OwnOffer, view: PublicView, version: number): void =>
  updateState((draft) => {
    const standing = draft.standings[auctionId];
    if (standing !== undefined) standing.offer = offer;
    const auction = draft.auctions[auctionId];
    // The view only: the history entry of that version comes with the feed's change.
    if (auction !== undefined && version > auction.version) auction.view = view;
  });

/**
 * The user's retraction was accepted: the answer's view when it is newer. What they may retract next,
 * and the offer left to them, come with the next read of the auction (`refreshStanding`).
 */
export const retractionAccepted = (auctionId: string, view: PublicView, version: number): void =>
  updateState((draft) => {
    const standing = draft.standings[auctionId];
    if (standing !== undefined) {
      standing.retraction = null;
      standing.retractionUntil = null;
    }
    const auction = draft.auctions[auctionId];
    if (auction !== undefined && version > auction.version) auction.view = view;
  });

/** Who is signed in. Another user's (or nobody's) page keeps none of the previous user's notifications. */
export const viewerChanged = (viewer: Viewer | null): void =>
  updateState((draft) => {
    if (viewer?.userId !== draft.viewer?.userId) draft.notifications = { items: [], loaded: false };
    draft.viewer = viewer;
    if (viewer === null) draft.standings = {};
  });

/** The feed connection's status. */
export const connectionChanged = (connection: FeedStatus): void =>
  updateState((draft) => {
    draft.connection = connection;
  });
