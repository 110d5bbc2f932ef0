import type { ResolvedServiceOptions } from './auctionServiceOptions';
import type { ServiceStats } from './serviceStats';

/**
 * What every part of one service instance shares: its options and its counters (the one mutable
 * thing here). Passed to each part instead of closing over it, so that each part lives in its own file.
 */
export interface ServiceContext extends ResolvedServiceOptions {
  readonly stats: ServiceStats;
}
