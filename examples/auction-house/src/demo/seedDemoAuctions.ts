import type { AuctionService, EventStore } from '@gavel/core';
import type { Logger } from 'pino';
import { recordListing } from '../streams/listingStream';

/** The seller of the demo auctions (a user id no session can have). */
export const DEMO_SELLER = 'demo-seller';

/** The prefix of every demo auction id; simulated bidders bid only on these. */
export const DEMO_PREFIX = 'demo-';

const MINUTE = 60_000;

interface DemoAuction {
  readonly key: string;
  readonly title: string;
  readonly startingPrice: number;
  readonly durationMs: number;
  readonly reservePrice?: number;
  readonly buyNowPrice?: number;
  readonly softClose?: { readonly windowMs: number; readonly extendMs: number };
}

const DEMO_AUCTIONS: readonly DemoAuction[] = [
  {
    key: 'camera',
    title: 'Leica M3 film camera, 1958, with a 50 mm Summicron',
    startingPrice: 12_500,
    durationMs: 4 * MINUTE,
    softClose: { windowMs: 30_000, extendMs: 30_000 },
  },
  {
    key: 'armchair',
    title: 'Mid-century lounge armchair (reserve)',
    startingPrice: 5_000,
    durationMs: 60 * MINUTE,
    reservePrice: 40_000,
    softClose: { windowMs: 60_000, extendMs: 60_000 },
  },
  {
    key: 'keyboard',
    title: 'Mechanical keyboard, brass plate (buy it now $150.00)',
    startingPrice: 4_000,
    durationMs: 30 * MINUTE,
    buyNowPrice: 15_000,
  },
  { key: 'atlas', title: 'Antique world atlas, 1890', startingPrice: 20_000, durationMs: 24 * 60 * MINUTE },
];

/**
 * Lists the demo auctions: one ending a few minutes from now (with soft close), one with a reserve,
 * one with buy it now, one ending tomorrow. Their ids carry the start time, so two instances starting
 * together on one store list them once (the second open answers `AUCTION_ALREADY_EXISTS`).
 */
export const seedDemoAuctions = async (
  { store, service, logger }: { store: EventStore; service: AuctionService; logger: Logger },
  now: number,
): Promise<readonly string[]> => {
  const round = Math.floor(now / MINUTE).toString(36);
  const opened: string[] = [];
  for (const demo of DEMO_AUCTIONS) {
    const auctionId = `${DEMO_PREFIX}${round}-${demo.key}`;
    await recordListing(store, { auctionId, title: demo.title, sellerName: 'Gavel demo' }, now);
    const result = await service.execute({
      type: 'OpenAuction',
      data: {
        auctionId,
        sellerId: DEMO_SELLER,
        currency: 'USD',
        startingPrice: demo.startingPrice,
        endsAt: now + demo.durationMs,
        ...(demo.reservePrice === undefined ? {} : { reservePrice: demo.reservePrice }),
        ...(demo.buyNowPrice === undefined ? {} : { buyNowPrice: demo.buyNowPrice }),
        ...(demo.softClose === undefined ? {} : { softClose: demo.softClose }),
      },
    });
    if (result.ok) opened.push(auctionId);
  }
  logger.info({ opened }, 'listed the demo auctions');
  return opened;
};
