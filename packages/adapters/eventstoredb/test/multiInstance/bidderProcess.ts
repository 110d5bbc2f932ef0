/**
 * One service instance of the multi-instance test, run as a child process with `node --import tsx`:
 * its own `createAuctionService` over its own EventStoreDB adapter, bidding on one auction. Prints one
 * JSON line: every bid's id and answer.
 *
 * env: CONNECTION_STRING, AUCTION_ID, BIDDER_ID, BIDS (count), STEP (amount step between its bids),
 * OFFSET (added to every amount, so the two bidders' amounts interleave).
 */
import { createAuctionService } from '../../../../core/src/index';
import { getEventStoreDBEventStore } from '../../src/index';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`missing env ${name}`);
  return value;
};

const connectionString = env('CONNECTION_STRING');
const auctionId = env('AUCTION_ID');
const bidderId = env('BIDDER_ID');
const bids = Number(env('BIDS'));
const step = Number(env('STEP'));
const offset = Number(env('OFFSET'));

const store = getEventStoreDBEventStore({ connectionString });
const service = createAuctionService({
  store,
  retry: { maxAttempts: 50, initialDelayMs: 1, maxDelayMs: 20 },
});

const commands = Array.from({ length: bids }, (_, n) => {
  const bidId = `${bidderId}-${n}`;
  const amount = 1_000 + (n + 1) * step + offset;
  return n % 5 === 4
    ? { type: 'SetMaxBid' as const, data: { auctionId, bidderId, maxAmount: amount + step / 2, bidId } }
    : { type: 'PlaceBid' as const, data: { auctionId, bidderId, amount, bidId } };
});

const execute = async (command: (typeof commands)[number]) => {
  const result = await service.execute(command);
  return {
    bidId: command.data.bidId,
    ok: result.ok,
    duplicate: result.ok ? result.duplicate === true : false,
    code: result.ok ? undefined : result.code,
  };
};

// One bid after the other (so the two processes' appends interleave and conflict), each sent twice:
// the second time is a retry with the same bidId.
const answers = [];
for (const command of commands) {
  answers.push(await execute(command));
  answers.push(await execute(command));
}
process.stdout.write(`${JSON.stringify({ bidderId, answers, stats: service.stats() })}\n`);
await store.close();
process.exit(0);
