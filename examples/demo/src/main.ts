/**
 * Gavel demo: plays the rulebook's first worked example (flat $2 increments) bid by bid, then closes
 * the auction. Run it with `pnpm demo`.
 */
import {
  type AuctionCommand,
  type AuctionState,
  decide,
  evolve,
  increments,
  initialState,
  publicView,
} from '@gavel/core';

const money = (cents: number | null | undefined): string =>
  cents === null || cents === undefined ? '—' : `$${(cents / 100).toFixed(2)}`;

const auctionId = 'lot-42';
const opensAt = Date.UTC(2026, 10, 27, 18, 0, 0);
const endsAt = opensAt + 60 * 60 * 1000;

const steps: ReadonlyArray<{ readonly say: string; readonly command: AuctionCommand; readonly at: number }> =
  [
    {
      say: 'Seller lists a camera, starting at $100.00, $2.00 increments',
      at: opensAt,
      command: {
        type: 'OpenAuction',
        data: {
          auctionId,
          sellerId: 'seller',
          currency: 'USD',
          startingPrice: 10000,
          endsAt,
          increments: increments.flat(200),
        },
      },
    },
    {
      say: 'A bids $100.00',
      at: opensAt + 1000,
      command: { type: 'PlaceBid', data: { auctionId, bidderId: 'A', amount: 10000 } },
    },
    {
      say: 'B bids $105.00',
      at: opensAt + 2000,
      command: { type: 'PlaceBid', data: { auctionId, bidderId: 'B', amount: 10500 } },
    },
    {
      say: 'C sets a secret max of $200.00',
      at: opensAt + 3000,
      command: { type: 'SetMaxBid', data: { auctionId, bidderId: 'C', maxAmount: 20000 } },
    },
    {
      say: 'D bids $120.00',
      at: opensAt + 4000,
      command: { type: 'PlaceBid', data: { auctionId, bidderId: 'D', amount: 12000 } },
    },
    {
      say: 'E sets a secret max of $190.00',
      at: opensAt + 5000,
      command: { type: 'SetMaxBid', data: { auctionId, bidderId: 'E', maxAmount: 19000 } },
    },
    {
      say: 'F bids $150.00 (too low)',
      at: opensAt + 6000,
      command: { type: 'PlaceBid', data: { auctionId, bidderId: 'F', amount: 15000 } },
    },
    {
      say: 'The backend closes the auction at its end',
      at: endsAt,
      command: { type: 'CloseAuction', data: { auctionId } },
    },
  ];

let state: AuctionState = initialState();
let recorded = 0;
for (const { say, command, at } of steps) {
  const decision = decide(command, state, at);
  if (decision.ok) {
    for (const event of decision.events) state = evolve(state, event);
    recorded += decision.events.length;
  }
  const view = publicView(state, at);
  const outcome = decision.ok
    ? `accepted (${decision.events.map((e) => e.type).join(', ') || 'no change'})`
    : `rejected ${decision.code}: ${decision.message}`;
  console.log(`${say}\n  → ${outcome}`);
  console.log(
    `    price ${money(view?.price)} · leader ${view?.leaderId ?? '—'} · minimum next bid ${money(view?.minimumNextBid)} · status ${view?.status}`,
  );
}
const final = publicView(state, endsAt)?.outcome;
console.log(
  `\nResult: ${final?.outcome} to ${final?.winnerId ?? 'nobody'} for ${money(final?.price)}; ${recorded} events recorded.`,
);
