import {
  type AuctionCommand,
  type AuctionService,
  createAuctionService,
  type EventStore,
  increments,
} from '@gavel/core';

/** The first moment of the test auctions; each command of {@link runCommands} comes 1 s after the last. */
export const T0 = Date.UTC(2030, 0, 1);

/** A service on `store` whose clock moves 1 s per call, from {@link T0}. */
export const steppingService = (store: EventStore): AuctionService => {
  let now = T0;
  return createAuctionService({ store, clock: () => (now += 1_000) });
};

/** Opens an auction that ends a day after `from` (default {@link T0}), starting at 10.00 with 1.00 increments. */
export const openCommand = (
  auctionId: string,
  data: { reservePrice?: number } = {},
  from = T0,
): AuctionCommand => ({
  type: 'OpenAuction',
  data: {
    auctionId,
    sellerId: 'RAW-seller',
    currency: 'USD',
    startingPrice: 1_000,
    endsAt: from + 86_400_000,
    increments: increments.flat(100),
    ...data,
  },
});

/** Runs commands one after the other; rejections are part of the game. */
export const runCommands = async (
  service: AuctionService,
  commands: readonly AuctionCommand[],
): Promise<void> => {
  for (const command of commands) await service.execute(command);
};

/** Resolves once `check` is true, polling; rejects with `what` after `timeoutMs`. */
export const waitFor = async (check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
