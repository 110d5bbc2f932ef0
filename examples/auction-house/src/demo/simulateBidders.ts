import { type AuctionService, minimumNextBid } from '@gavel/core';
import type { Logger } from 'pino';
import type { Catalog } from '../readModels/catalog/createCatalog';
import { DEMO_PREFIX } from './seedDemoAuctions';

/** The simulated bidders' user ids (no session can have these ids: sessions use `u_…`). */
const BOTS = ['bot-ada', 'bot-grace', 'bot-linus'] as const;

/** Options of {@link simulateBidders}. */
export interface SimulatedBiddersOptions {
  readonly service: AuctionService;
  readonly catalog: Catalog;
  readonly logger: Logger;
  /** The house's clock (epoch ms): which auctions are open is judged on it. Default `Date.now`. */
  readonly clock?: () => number;
  /** Mean pause between two bids, ms. Default 4000. */
  readonly meanPauseMs?: number;
  readonly random?: () => number;
}

/**
 * A few simulated bidders that, now and then, bid on the open demo auctions (never on a user's own
 * auction, never buy it now), each up to a budget of three times the starting price, so that a
 * newcomer's page is alive the moment it opens. Returns a function that stops them.
 */
export const simulateBidders = (options: SimulatedBiddersOptions): (() => void) => {
  const { service, catalog, logger } = options;
  const random = options.random ?? Math.random;
  const clock = options.clock ?? Date.now;
  const meanPauseMs = options.meanPauseMs ?? 4000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const bidOnce = async (): Promise<void> => {
    const now = clock();
    const open = (await catalog.openAuctions(now + 1000, 50)).filter(
      (entry) => entry.auctionId.startsWith(DEMO_PREFIX) && entry.state.rules?.buyNowPrice === undefined,
    );
    const entry = open[Math.floor(random() * open.length)];
    const rules = entry?.state.rules;
    if (entry === undefined || rules === undefined || rules === null) return;
    const bidderId = BOTS[Math.floor(random() * BOTS.length)] as string;
    if (entry.state.leader?.bidderId === bidderId) return;
    const budget = rules.startingPrice * 3;
    const floor = minimumNextBid(entry.state);
    if (floor === null) return;
    if (floor > budget) return;
    const result =
      random() < 0.5
        ? await service.execute({
            type: 'PlaceBid',
            data: { auctionId: entry.auctionId, bidderId, amount: floor },
          })
        : await service.execute({
            type: 'SetMaxBid',
            data: {
              auctionId: entry.auctionId,
              bidderId,
              maxAmount: Math.min(budget, floor + Math.round(random() * rules.startingPrice)),
            },
          });
    logger.debug({ auctionId: entry.auctionId, bidderId, ok: result.ok }, 'simulated bid');
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        bidOnce()
          .catch((error: unknown) => logger.warn({ err: error }, 'simulated bid failed'))
          .finally(schedule);
      },
      meanPauseMs * (0.5 + random()),
    );
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
};
