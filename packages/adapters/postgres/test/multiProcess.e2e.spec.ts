import { auctionStreamName, createAuctionService, type EventStore } from '@gavel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPostgresEventStore } from '../src/index';
import { auctionHistoryProblems, recordedBidIds } from './auctionHistory';
import { openHotAuction } from './hotAuction';
import { dropSchema, pgUrl, randomSchema } from './pgTestEnv';
import { startBidder } from './runChild';

const schema = randomSchema('gavel_multi');
const PROCESSES = 3;
const CALLERS = 16;
const BIDS_PER_CALLER = 12;

describe(`${PROCESSES} processes × ${CALLERS} callers on one hot auction`, () => {
  let store: EventStore;
  beforeAll(() => {
    store = getPostgresEventStore({ connectionString: pgUrl, schema });
  });
  afterAll(async () => {
    await store.close();
    await dropSchema(schema);
  });

  it('records a valid serial history with every accepted bid once and no rejected bid', async () => {
    const auctionId = `hot-${globalThis.crypto.randomUUID()}`;
    const opened = await createAuctionService({ store }).execute(openHotAuction(auctionId));
    expect(opened.ok).toBe(true);

    const bidders = Array.from({ length: PROCESSES }, (_, p) =>
      startBidder({
        SCHEMA: schema,
        AUCTION_ID: auctionId,
        PROCESS_ID: `p${p}`,
        CALLERS: String(CALLERS),
        BIDS_PER_CALLER: String(BIDS_PER_CALLER),
        WAIT_FOR_GO: '1',
      }),
    );
    await Promise.all(bidders.map((b) => b.ready));
    for (const bidder of bidders) bidder.go();
    const exits = await Promise.all(bidders.map((b) => b.exited));
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });

    const answers = bidders.flatMap((b) => b.answers);
    expect(answers).toHaveLength(PROCESSES * CALLERS * BIDS_PER_CALLER);
    const accepted = answers.filter((a) => a.ok).map((a) => a.bidId);
    const rejected = answers.filter((a) => !a.ok).map((a) => a.bidId);
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
