import {
  type AuctionNotification,
  type AuctionState,
  auctionNotifications,
  initialState,
  isAuctionEvent,
  isAuctionStream,
  type PublicHistoryEntry,
  projectPublicEvent,
  publicView,
  type RecordedEvent,
  toAuctionEvent,
} from '@gavel/core';
import { listingOf } from '../../streams/listingStream';
import type { AuctionColumns, BidderChange, ListingColumns } from './catalogRow';
import { storedViewOf } from './storedView';

/** An auction's folded state as the catalog keeps it. */
export interface FoldedAuction {
  readonly state: AuctionState;
  readonly version: number;
  readonly createdAt: number;
}

/** What one batch of events changes in the catalog. */
export interface CatalogChanges {
  readonly auctions: readonly AuctionColumns[];
  readonly listings: readonly ListingColumns[];
  /** Each accepted bid and each retraction, in stream order: a user's offer is their latest bid standing. */
  readonly bidders: readonly BidderChange[];
  /** What the events tell the people concerned (`auctionNotifications`), but `lost`. */
  readonly notifications: readonly AuctionNotification[];
  /** The closes of the batch: each bidder but the winner is told `lost` (from the bidders recorded). */
  readonly closes: readonly ClosedAuction[];
  /** Public history entries the events add, bidders unmasked (they are masked when shown). */
  readonly history: readonly HistoryRow[];
}

/** A public history entry of an auction, its bidders as recorded (masked when served). */
export interface HistoryRow {
  readonly auctionId: string;
  readonly entry: PublicHistoryEntry;
}

/** The identity "mask": the catalog keeps bidder ids as recorded; the API masks them with its secret. */
const unmasked = (_auctionId: string, bidderId: string): string => bidderId;

/** A close of the batch, with what a `lost` notification needs. */
export interface ClosedAuction {
  readonly auctionId: string;
  readonly version: number;
  readonly at: number;
  readonly winnerId: string | null;
  /** The sale price, or the last visible price when unsold. */
  readonly price: number | null;
  readonly currency: string;
  readonly outcome: 'sold' | 'unsold';
}

const auctionIdOf = (streamName: string): string => streamName.slice(streamName.indexOf('-') + 1);

/** The auction ids whose state a batch needs (so that the caller loads them in one query). */
export const auctionsTouched = (events: readonly RecordedEvent[]): string[] => [
  ...new Set(
    events.filter((event) => isAuctionStream(event.streamName)).map((event) => auctionIdOf(event.streamName)),
  ),
];

/** The columns of an auction's row, from its folded state. */
export const auctionColumns = (auctionId: string, folded: FoldedAuction): AuctionColumns => {
  const { state } = folded;
  const rules = state.rules;
  const view = publicView(state, state.endsAt - 1);
  return {
    auctionId,
    sellerId: rules?.sellerId ?? null,
    status: state.status,
    currency: rules?.currency ?? null,
    price: state.price,
    sortPrice: state.price ?? rules?.startingPrice ?? 0,
    bidCount: state.visibleBidCount,
    leaderId: state.leader?.bidderId ?? null,
    endsAt: state.endsAt,
    reserveMet: view?.reserveMet ?? null,
    createdAt: folded.createdAt,
    version: folded.version,
    state,
    view: storedViewOf(state),
  };
};

/**
 * The catalog's projection, pure: folds a batch of events (auction and listing streams; others are
 * ignored) into the rows they change, given the folded state of the auctions touched (`known`; a
 * missing one starts empty). An auction event at or below the version already folded is skipped, so a
 * batch handled twice changes nothing.
 */
export const projectCatalog = (
  known: ReadonlyMap<string, FoldedAuction>,
  events: readonly RecordedEvent[],
): CatalogChanges => {
  const folded = new Map<string, FoldedAuction>();
  const listings: ListingColumns[] = [];
  const bidders: BidderChange[] = [];
  const notifications: AuctionNotification[] = [];
  const closes: ClosedAuction[] = [];
  const history: HistoryRow[] = [];
  for (const event of events) {
    if (!isAuctionStream(event.streamName)) {
      const listing = listingOf(event);
      if (listing !== null) listings.push(listing);
      continue;
    }
    if (!isAuctionEvent(event)) continue;
    const auctionId = auctionIdOf(event.streamName);
    const before = folded.get(auctionId) ??
      known.get(auctionId) ?? { state: initialState(), version: 0, createdAt: 0 };
    if (event.streamVersion <= before.version) continue;
    const decoded = toAuctionEvent(event);
    const step = projectPublicEvent(
      { state: before.state, version: before.version, view: null },
      event,
      unmasked,
    );
    const after = step.projection.state;
    if (step.change?.entry !== undefined) history.push({ auctionId, entry: step.change.entry });
    folded.set(auctionId, {
      state: after,
      version: event.streamVersion,
      createdAt: decoded.type === 'AuctionOpened' ? decoded.data.at : before.createdAt,
    });
    notifications.push(
      ...auctionNotifications({ ...decoded, streamVersion: event.streamVersion }, before.state, after),
    );
    if (decoded.type === 'AuctionClosed')
      closes.push({
        auctionId,
        version: event.streamVersion,
        at: decoded.data.at,
        winnerId: decoded.data.winnerId ?? null,
        price: decoded.data.price ?? after.price,
        currency: after.rules?.currency ?? 'USD',
        outcome: decoded.data.outcome,
      });
    const version = event.streamVersion;
    if (decoded.type === 'BidPlaced' || decoded.type === 'MaxBidSet') {
      const { bidderId: userId } = decoded.data;
      const offer =
        decoded.type === 'BidPlaced'
          ? { amount: decoded.data.amount }
          : { maxAmount: decoded.data.maxAmount };
      bidders.push({ kind: 'bid', userId, auctionId, version, offer });
    } else if (decoded.type === 'BidRetracted') {
      const { bidderId: userId, scope } = decoded.data;
      bidders.push({ kind: 'retracted', userId, auctionId, version, scope });
    }
  }
  const auctions = [...folded].map(([auctionId, state]) => auctionColumns(auctionId, state));
  return { auctions, listings, bidders, notifications, closes, history };
};
