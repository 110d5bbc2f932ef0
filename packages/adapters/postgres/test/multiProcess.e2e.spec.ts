import { AUCTION_CATEGORY, auctionStreamName, createAuctionService } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { auctionHistoryProblems, recordedBidIds } from './auctionHistory';
import { collectEvents } from './collectEvents';
import { openHotAuction } from './hotAuction';
import { startBidder } from './runChild';
import { useTestSchema } from './testSchema';

const PROCESSES = 3;
const CALLERS = 16;
const BIDS_PER_CALLER = 12;

// One schema and store for the file: each test writes auctions of its own.
const { schema, open } = useTestSchema('gavel_multi');
const store = open();

/**
 * Runs PROCESSES bidder processes (`children/bidder.ts` with `env`, each its own id), started
 * together, to their end; each must exit cleanly. Returns them with their accepted and refused bidIds.
 */
const runBidders = async (env: Record<string, string>, prefix: string) => {
  const bidders = Array.from({ length: PROCESSES }, (_, p) =>
    startBidder({
      SCHEMA: schema,
      ...env,
      PROCESS_ID: `${prefix}${p}`,
      CALLERS: String(CALLERS),
      WAIT_FOR_GO: '1',
    }),
  );
  await Promise.all(bidders.map((b) => b.ready));
  for (const bidder of bidders) bidder.go();
  const exits = await Promise.all(bidders.map((b) => b.exited));
  for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });
  const answers = bidders.flatMap((b) => b.answers);
  return {
    bidders,
    answers,
    accepted: answers.filter((a) => a.ok).map((a) => a.bidId),
    rejected: answers.filter((a) => !a.ok).map((a) => a.bidId),
  };
};

describe(`${PROCESSES} processes × ${CALLERS} callers on one hot auction`, () => {
  it('records a valid serial history with every accepted bid once and no rejected bid', async () => {
    const auctionId = `hot-${globalThis.crypto.randomUUID()}`;
    const opened = await createAuctionService({ store }).execute(openHotAuction(auctionId));
    expect(opened.ok).toBe(true);

    const { bidders, answers, accepted, rejected } = await runBidders(
      { AUCTION_ID: auctionId, BIDS_PER_CALLER: String(BIDS_PER_CALLER) },
      'p',
    );
    expect(answers).toHaveLength(PROCESSES * CALLERS * BIDS_PER_CALLER);
    expect(accepted.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0);
    // The processes did contend: some appends lost the race and were decided again.
    const conflicts = bidders.flatMap((b) => b.stats).reduce((sum, s) => sum + (s.conflicts ?? 0), 0);
    expect(conflicts).toBeGreaterThan(0);

    const { events } = await store.readStream(auctionStreamName(auctionId));
    expect(auctionHistoryProblems(events)).toEqual([]);
    const recorded = recordedBidIds(events);
    expect(new Set(recorded).size).toBe(recorded.length);
    expect([...recorded].sort()).toEqual([...accepted].sort());
    const inStream = new Set(recorded);
    expect(rejected.filter((bidId) => inStream.has(bidId))).toEqual([]);
  });
});

/** The store's default batches, and batches of at most 4, most of which fill and go before their turn ends. */
const batchings: readonly (readonly [string, Record<string, string>])[] = [
  ['default batches', {}],
  ['batches of at most 4', { MAX_APPENDS: '4' }],
];

describe.each(batchings)(
  `${PROCESSES} processes × ${CALLERS} callers over 200 auctions (cross-stream group commit, %s)`,
  (_, batching) => {
    it('records every stream as a valid history with every accepted bid once, and a subscriber sees it all in order', async () => {
      const run = globalThis.crypto.randomUUID().slice(0, 8);
      const auctionIds = Array.from({ length: 200 }, (_, i) => `many-${run}-${i}`);
      const service = createAuctionService({ store });
      const opened = await Promise.all(auctionIds.map((id) => service.execute(openHotAuction(id))));
      expect(opened.every((result) => result.ok)).toBe(true);
      const from = (await store.readStream(auctionStreamName(auctionIds[0] as string))).events[0]
        ?.globalPosition as bigint;

      // A category subscriber from before the first bid, live while the processes write.
      const subscription = collectEvents(store, { fromPosition: from, category: AUCTION_CATEGORY });

      const { bidders, answers, accepted, rejected } = await runBidders(
        { AUCTION_IDS: auctionIds.join(','), BIDS_PER_CALLER: String(BIDS_PER_CALLER * 2), ...batching },
        'm',
      );
      expect(answers).toHaveLength(PROCESSES * CALLERS * BIDS_PER_CALLER * 2);
      expect(accepted.length).toBeGreaterThan(answers.length / 2);
      // The appends of different auctions went together: more than one stream per transaction.
      for (const stats of bidders.flatMap((b) => b.stats))
        expect((stats.appends as number) / (stats.transactions as number)).toBeGreaterThan(1.5);

      const streams = await Promise.all(auctionIds.map((id) => store.readStream(auctionStreamName(id))));
      const recorded: string[] = [];
      for (const [index, { events }] of streams.entries()) {
        expect(auctionHistoryProblems(events), auctionIds[index]).toEqual([]);
        recorded.push(...recordedBidIds(events));
      }
      expect(new Set(recorded).size).toBe(recorded.length);
      expect([...recorded].sort()).toEqual([...accepted].sort());
      const inStore = new Set(recorded);
      expect(rejected.filter((bidId) => inStore.has(bidId))).toEqual([]);

      // The subscriber got every event after `from`, once each, in position order.
      const all = streams.flatMap(({ events }) => events).filter((event) => event.globalPosition > from);
      await subscription.stopAfter(all.length, 10_000);
      const positions = subscription.events.map((event) => event.globalPosition);
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions).toEqual(
        all.map((event) => event.globalPosition).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }, 120_000);
  },
);
