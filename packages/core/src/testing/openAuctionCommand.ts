import type { OpenAuction } from '../auction/commands';

/** The default start of {@link openAuctionCommand}: 2023-11-14T22:13:20Z. */
export const TEST_AUCTION_START = 1_700_000_000_000;

/**
 * An `OpenAuction` command for tests, benchmarks and demos: seller `seller`, USD, starting at 100,
 * flat increments of 50, open from {@link TEST_AUCTION_START} for a day. Any field can be overridden.
 */
export const openAuctionCommand = (
  auctionId: string,
  data: Partial<OpenAuction['data']> = {},
): OpenAuction => ({
  type: 'OpenAuction',
  data: {
    auctionId,
    sellerId: 'seller',
    currency: 'USD',
    startingPrice: 100,
    startsAt: TEST_AUCTION_START,
    endsAt: TEST_AUCTION_START + 86_400_000,
    increments: [{ from: 0, increment: 50 }],
    ...data,
  },
});
