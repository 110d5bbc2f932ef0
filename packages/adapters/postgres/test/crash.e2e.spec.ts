import { auctionStreamName, createAuctionService } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { auctionHistoryProblems, recordedBidIds } from './auctionHistory';
import { openHotAuction } from './hotAuction';
import { sql } from './pgTestEnv';
import { startBidder } from './runChild';
import { useTestSchema } from './testSchema';

const { schema, open } = useTestSchema('gavel_crash');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL while taking bids', () => {
  const store = open();

  it('keeps every acknowledged bid, and the stream stays valid and writable', async () => {
    const auctionId = `crash-${globalThis.crypto.randomUUID()}`;
    expect((await createAuctionService({ store }).execute(openHotAuction(auctionId))).ok).toBe(true);

    const appName = `gavel-crash-${auctionId.slice(-12)}`;
    const bidder = startBidder({
      SCHEMA: schema,
      AUCTION_ID: auctionId,
      PROCESS_ID: 'victim',
      CALLERS: '16',
      PGAPPNAME: appName,
    });
    // Kill at a random moment once it is under load: after 50 to 300 answers, plus 0–50 ms.
    const threshold = 50 + Math.floor(Math.random() * 250);
    const deadline = Date.now() + 30_000;
    while (bidder.answers.length < threshold) {
      if (Date.now() > deadline || bidder.child.exitCode !== null)
        throw new Error('the bidder did not get going');
      await sleep(2);
    }
    await sleep(Math.floor(Math.random() * 50));
    bidder.child.kill('SIGKILL');
    const exit = await bidder.exited;
    expect(exit.signal).toBe('SIGKILL');
    // The server finishes (and may commit) a statement whose client died: wait for those backends to end.
    const backendsGone = Date.now() + 10_000;
    while ((await sql('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [appName])).length > 0) {
      if (Date.now() > backendsGone) throw new Error('the dead bidder still has server backends');
      await sleep(20);
    }

    const acknowledged = bidder.answers.filter((a) => a.ok).map((a) => a.bidId);
    expect(acknowledged.length).toBeGreaterThan(0);
    const { events } = await store.readStream(auctionStreamName(auctionId));
    expect(auctionHistoryProblems(events)).toEqual([]);
    const recorded = new Set(recordedBidIds(events));
    expect(acknowledged.filter((bidId) => !recorded.has(bidId))).toEqual([]);
    const rejected = bidder.answers.filter((a) => !a.ok).map((a) => a.bidId);
    expect(rejected.filter((bidId) => recorded.has(bidId))).toEqual([]);

    // "Restart": a new service over the same store answers a retried acknowledged bid as a duplicate
    // and takes new bids on the same stream.
    const restarted = createAuctionService({ store });
    const resent = acknowledged[acknowledged.length - 1] as string;
    const [, caller] = resent.split('-');
    const retried = await restarted.execute({
      type: 'PlaceBid',
      data: { auctionId, bidderId: `bidder-victim-${caller}`, amount: 1, bidId: resent },
    });
    expect(retried).toMatchObject({ ok: true, duplicate: true });
    const fresh = await restarted.execute({
      type: 'SetMaxBid',
      data: { auctionId, bidderId: 'late', maxAmount: 10_000_000, bidId: 'after-restart' },
    });
    expect(fresh.ok).toBe(true);
    const after = await store.readStream(auctionStreamName(auctionId));
    expect(after.currentVersion).toBe(events.length + 1);
    expect(auctionHistoryProblems(after.events)).toEqual([]);
  });
});
