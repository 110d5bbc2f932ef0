import type { AuctionEventType } from '../auction/events';
import { upcastBidPlacedV1 } from './upcastBidPlacedV1';
import type { Upcaster } from './upcaster';

/**
 * The chain of upcasters of each event type: `chain[i]` turns version `i + 1` into version `i + 2`, so
 * an event type's current schema version is its chain's length + 1. Append a step when an event's
 * shape changes; never edit a released one.
 */
export const UPCASTERS: ReadonlyMap<AuctionEventType, readonly Upcaster[]> = new Map<
  AuctionEventType,
  readonly Upcaster[]
>([
  ['AuctionOpened', []],
  ['BidPlaced', [upcastBidPlacedV1]],
  ['MaxBidSet', []],
  ['AuctionExtended', []],
  ['AuctionClosed', []],
  ['AuctionCancelled', []],
  ['BidRetracted', []],
]);

/** The schema version today's code writes and reads for each event type (1 plus its upcasters). */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<AuctionEventType, number>> = Object.freeze(
  Object.fromEntries([...UPCASTERS].map(([type, chain]) => [type, chain.length + 1])) as Record<
    AuctionEventType,
    number
  >,
);
