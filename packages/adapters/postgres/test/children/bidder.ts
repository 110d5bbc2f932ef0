/**
 * A bidding process for the multi-process and crash tests. Run with
 * `node --import tsx bidder.ts` from the package folder (its tsconfig maps `@gavel/core` to source).
 *
 * env: GAVEL_PG_URL, SCHEMA, AUCTION_ID (or AUCTION_IDS, comma-separated: each bid goes to one of them
 * at random), PROCESS_ID, CALLERS (default 16), BIDS_PER_CALLER (default: until killed), MAX_APPENDS (the
 * store's `groupCommit.maxBatchSize`; default the store's), WAIT_FOR_GO=1
 * (print `{"ready":true}`, start on a line on stdin). Prints one JSON line per answer after `execute`
 * resolved: `{"bidId","ok","code"}`, and at the end `{"stats": …}` (the service's stats and the
 * store's append counters).
 */
import { type AuctionCommand, createAuctionService } from '@gavel/core';
import { getPostgresEventStore } from '../../src/index';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const maxAppends = process.env.MAX_APPENDS;
const store = getPostgresEventStore({
  connectionString: env('GAVEL_PG_URL'),
  schema: env('SCHEMA'),
  ...(maxAppends === undefined ? {} : { groupCommit: { maxBatchSize: Number(maxAppends) } }),
});
const service = createAuctionService({ store });
const auctionIds = (process.env.AUCTION_IDS ?? env('AUCTION_ID')).split(',');
const processId = env('PROCESS_ID');
const callers = Number(env('CALLERS', '16'));
const bidsPerCaller = Number(env('BIDS_PER_CALLER', 'Infinity'));

/** The lowest minimum next bid seen per auction. */
const minimums = new Map<string, number>();
const caller = async (c: number): Promise<void> => {
  const bidderId = `bidder-${processId}-${c}`;
  for (let i = 0; i < bidsPerCaller; i++) {
    const bidId = `${processId}-${c}-${i}`;
    const auctionId = auctionIds[Math.floor(Math.random() * auctionIds.length)] as string;
    const minimum = minimums.get(auctionId) ?? 100;
    const amount = minimum + Math.floor(Math.random() * 3) * 50;
    const command: AuctionCommand =
      Math.random() < 0.7
        ? { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } }
        : { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount + 200, bidId } };
    const result = await service.execute(command);
    const next = result.view?.minimumNextBid;
    if (typeof next === 'number' && next > minimum) minimums.set(auctionId, next);
    process.stdout.write(
      `${JSON.stringify({ bidId, ok: result.ok, code: result.ok ? (result.duplicate ? 'DUPLICATE' : null) : result.code })}\n`,
    );
  }
};

if (process.env.WAIT_FOR_GO === '1') {
  // Start together with the other processes: say ready (store migrated), then wait for a line on stdin.
  await store.readStream(`auction-${auctionIds[0]}`);
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
}
await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
process.stdout.write(`${JSON.stringify({ stats: { ...service.stats(), ...store.appendStats() } })}\n`);
await store.close();
