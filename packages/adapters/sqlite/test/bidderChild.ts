/**
 * A child process that bids on one auction through its own `createAuctionService` over the SQLite store.
 * `callers` loops bid concurrently (SetMaxBid and PlaceBid, rising amounts); after each `execute` resolves it
 * prints `ack <bidId>` (accepted, so durable) or `rej <bidId> <code>`. With `count` 0 it bids until killed;
 * otherwise each caller sends `count` commands, then the process closes the store and exits.
 * With `together`, it prints `ready` and waits for `go` on stdin before bidding, so that several children start at once.
 * Usage: node --import tsx bidderChild.ts <path> <auctionId> <label> <callers> <count> <baseEpochMs> [together]
 */
import { getSqliteEventStore } from '../src/index';
import { createAuctionService } from './core';
import { readyThenGo } from './readyThenGo';

const [path, auctionId, label, callersText, countText, baseText, together] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string?,
];
const store = getSqliteEventStore({ path });
const service = createAuctionService({ store });
const count = Number(countText);
const base = Number(baseText);
// Amounts follow the clock (1 000 per ms since the parent's base time), so that the bids of several
// processes, and of children started one after the other, keep rising together and mostly pass.
let amount = 0;

const caller = async (c: number): Promise<void> => {
  for (let i = 0; count === 0 || i < count; i++) {
    const bidId = `${label}-${c}-${i}`;
    const bidderId = `${label}-bidder-${c % 6}`;
    amount = Math.max(amount + 1, (Date.now() - base) * 1_000 + Math.floor(Math.random() * 1_000));
    const result = await service.execute(
      i % 3 === 0
        ? { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } }
        : { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount, bidId } },
    );
    process.stdout.write(result.ok ? `ack ${bidId}\n` : `rej ${bidId} ${result.code}\n`);
  }
};

if (together === 'together') await readyThenGo();
await Promise.all(Array.from({ length: Number(callersText) }, (_, c) => caller(c)));
await store.close();
