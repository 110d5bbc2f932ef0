import type { AuctionService, BidderMask, EventStore } from '@gavel/core';
import type { Logger } from 'pino';
import type { Catalog } from '../catalog/createCatalog';

/** What the routes share: passed to each route module, never module state. */
export interface ApiContext {
  readonly store: EventStore;
  readonly service: AuctionService;
  readonly catalog: Catalog;
  /** Masks bidder ids as the feed does (keyed with `GAVEL_SECRET`). */
  readonly mask: BidderMask;
  readonly clock: () => number;
  readonly logger: Logger;
  /** Bids per second one user may send (the rate limit of the bid and buy-now routes). */
  readonly bidsPerSecond: number;
}
