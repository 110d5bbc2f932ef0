import type { AuctionService, BidderMask, EventStore } from '@gavel/core';
import type { Logger } from 'pino';
import type { AuctionHouseLimits } from '../config/limits';
import type { OffersCache } from '../readModels/auctions/offersCache';
import type { Catalog } from '../readModels/catalog/createCatalog';
import type { ListPageCache } from './listPages/createListPageCache';
import type { SessionRevocations } from './session/sessionRevocations';

/** What the routes share: passed to each route module, never module state. */
export interface ApiContext {
  readonly store: EventStore;
  readonly service: AuctionService;
  readonly catalog: Catalog;
  /** Masks bidder ids as the feed does (keyed with `GAVEL_SECRET`). */
  readonly mask: BidderMask;
  readonly clock: () => number;
  readonly logger: Logger;
  /** The rate limits and the session TTL. */
  readonly limits: AuctionHouseLimits;
  /** Signed-out sessions, recorded in the store. */
  readonly revocations: SessionRevocations;
  /** The answers of `GET /api/auctions`, kept per query until the catalog commits or for a short time. */
  readonly listPages: ListPageCache;
  /** Auctions' offers read from their streams, kept: whether a bidder may retract is judged on them. */
  readonly offers: OffersCache;
}
