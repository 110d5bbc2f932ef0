/**
 * Bench-only: a SQLite store of `auctions` auctions of `perAuction` events each (`AuctionOpened`, then
 * straight bids and maxima by three bidders at the minimum next bid, each decided by `decide`), appended
 * round by round (each auction's next event in every round), so that the auctions interleave in the
 * store's global order as live bidding makes them. Each round is one wave of appends, which the store's
 * group commit writes together.
 */
import {
  type AuctionCommand,
  type AuctionEvent,
  type AuctionState,
  auctionStreamName,
  decide,
  evolve,
  increments,
  initialState,
  minimumNextBid,
} from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';

/** The decided events of one auction: opened at `t0`, then bids one second apart. */
const auctionEvents = (auctionId: string, count: number, t0: number): AuctionEvent[] => {
  let state: AuctionState = initialState();
  const events: AuctionEvent[] = [];
  const run = (command: AuctionCommand, now: number): void => {
    const decision = decide(command, state, now);
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.code}`);
    for (const event of decision.events) {
      state = evolve(state, event);
      events.push(event);
    }
  };
  const open = { auctionId, sellerId: 'seller', currency: 'USD', startingPrice: 1_000 };
  run(
    {
      type: 'OpenAuction',
      data: { ...open, endsAt: t0 + 10 * 86_400_000, increments: increments.flat(100) },
    },
    t0,
  );
  for (let i = 0; events.length < count; i++) {
    const now = t0 + 1_000 * (i + 1);
    const bidderId = `bidder-${i % 3}`;
    if (state.leader?.bidderId === bidderId) continue;
    const amount = minimumNextBid(state) ?? 1_000;
    run(
      i % 4 === 3
        ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount + 50 } }
        : { type: 'PlaceBid', data: { auctionId, bidderId, amount } },
      now,
    );
  }
  return events.slice(0, count);
};

/** Writes the store and resolves with its event count once it is closed. */
export const buildBenchStore = async (
  path: string,
  auctions: number,
  perAuction: number,
): Promise<number> => {
  const store = getSqliteEventStore({ path, synchronous: 'normal' });
  const t0 = Date.now() - 86_400_000;
  const histories = Array.from({ length: auctions }, (_, a) => auctionEvents(`lot ${a}.*`, perAuction, t0));
  let written = 0;
  for (let round = 0; round < perAuction; round++) {
    await Promise.all(
      histories.map((events, a) =>
        store.appendToStream(auctionStreamName(`lot ${a}.*`), [events[round] as AuctionEvent], {
          expectedVersion: round === 0 ? 'no_stream' : round,
        }),
      ),
    );
    written += histories.length;
  }
  await store.close();
  return written;
};
