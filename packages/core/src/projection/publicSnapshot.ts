import type { PublicView } from '../auction/publicView';
import type { BidderMask } from './bidderMask';
import { projectPublicEvent, type StreamEvent } from './projectPublicEvent';
import type { PublicHistoryEntry } from './publicHistoryEntry';
import { initialPublicProjection } from './publicProjection';

/** An auction's public state at one stream version: the masked view and the whole public history. */
export interface PublicSnapshot {
  readonly auctionId: string;
  /** The stream version the snapshot is at (its last event's). */
  readonly version: number;
  /** The masked view at that version. */
  readonly view: PublicView;
  /** Every public history entry up to that version, in order. */
  readonly history: readonly PublicHistoryEntry[];
}

/** Folds a stream into its projection, collecting the history entries. */
const projectStream = (events: Iterable<StreamEvent>, mask: BidderMask) => {
  const history: PublicHistoryEntry[] = [];
  let projection = initialPublicProjection();
  for (const event of events) {
    const step = projectPublicEvent(projection, event, mask);
    projection = step.projection;
    if (step.change?.entry !== undefined) history.push(step.change.entry);
  }
  return { projection, history };
};

/**
 * The public history of an auction stream: one entry per stream version whose event changes the price or
 * the leader, extends or closes the auction, or withdraws bids; bidders masked by `mask`.
 *
 * @param events - the recorded events of one auction stream, in order (e.g. `readAuctionEvents(...).events`)
 */
export const publicHistory = (events: Iterable<StreamEvent>, mask: BidderMask): PublicHistoryEntry[] =>
  projectStream(events, mask).history;

/**
 * The public snapshot of an auction stream, as the feed's `snapshot` message carries it.
 *
 * @returns null when the stream has no `AuctionOpened` (the auction does not exist).
 */
export const publicSnapshot = (events: Iterable<StreamEvent>, mask: BidderMask): PublicSnapshot | null => {
  const { projection, history } = projectStream(events, mask);
  const { view, version } = projection;
  if (view === null) return null;
  return { auctionId: view.auctionId, version, view, history };
};
