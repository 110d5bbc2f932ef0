/** Test-only: auctions and bids written through the command service, as the auction house writes them. */
import { type AuctionService, createAuctionService, type EventStore } from '@gavel/core';

/** Auction ids a subject cannot hold as they are: dots, wildcards, spaces, `%`, Unicode. */
export const HOSTILE_AUCTION_IDS = [
  'lot 42.*',
  'café>#',
  '🎉 party',
  'a.b.c',
  '50%off',
  'plain-id_7',
] as const;

/** Writes to a store: auctions opened, then bids placed at each one's minimum next bid, bidders alternating. */
export interface AuctionWriter {
  readonly service: AuctionService;
  /** Opens the auctions (ending in an hour). */
  open(auctionIds: readonly string[]): Promise<void>;
  /** Places `count` accepted bids, spread round-robin over the auctions. */
  bid(auctionIds: readonly string[], count: number): Promise<number>;
  /** Closes the auctions (their end passed on the writer's clock). */
  close(auctionIds: readonly string[]): Promise<void>;
}

export const auctionWriter = (store: EventStore): AuctionWriter => {
  let now = Date.now();
  const endsAt = now + 3_600_000;
  const service = createAuctionService({ store, clock: () => now });
  const turn = new Map<string, number>();
  const standing = new Map<string, { leader: string | null; next: number }>();
  /** One bid by whoever does not lead, at the minimum next bid (every third a proxy bid above it). */
  const bidOnce = async (auctionId: string): Promise<boolean> => {
    const n = turn.get(auctionId) ?? 0;
    turn.set(auctionId, n + 1);
    const { leader, next } = standing.get(auctionId) ?? { leader: null, next: 100 };
    const bidderId = leader === 'bidder-0' ? 'bidder-1' : 'bidder-0';
    const answer = await service.execute(
      n % 3 === 2
        ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: next + 500 } }
        : { type: 'PlaceBid', data: { auctionId, bidderId, amount: next } },
    );
    const view = answer.ok ? answer.view : undefined;
    if (view !== undefined)
      standing.set(auctionId, { leader: view.leaderId, next: view.minimumNextBid ?? next });
    return answer.ok;
  };
  return {
    service,
    open: async (auctionIds) => {
      for (const auctionId of auctionIds) {
        const answer = await service.execute({
          type: 'OpenAuction',
          data: { auctionId, sellerId: 'seller', currency: 'USD', startingPrice: 100, endsAt },
        });
        if (!answer.ok) throw new Error(`opening ${auctionId}: ${answer.code}`);
      }
    },
    bid: async (auctionIds, count) => {
      let accepted = 0;
      for (let i = 0; i < count; i++)
        if (await bidOnce(auctionIds[i % auctionIds.length] as string)) accepted++;
      return accepted;
    },
    close: async (auctionIds) => {
      now = endsAt + 1;
      for (const auctionId of auctionIds)
        await service.execute({ type: 'CloseAuction', data: { auctionId } });
    },
  };
};
