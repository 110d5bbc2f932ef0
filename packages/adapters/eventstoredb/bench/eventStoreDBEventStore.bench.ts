/**
 * Benchmarks of the EventStoreDB adapter through the CI stand-in (`pnpm --filter @gavel/eventstoredb bench`).
 * They measure the adapter plus the official client plus gRPC on loopback, with the stand-in's in-memory
 * log as the "server": useful to compare adapter changes, not to predict EventStoreDB's own throughput.
 */
import { Bench } from 'tinybench';
import { getEventStoreDBEventStore } from '../src';
import { startEventStoreDBStandIn } from '../test/standIn/eventStoreDBStandIn';

const standIn = await startEventStoreDBStandIn();
const store = getEventStoreDBEventStore({ connectionString: standIn.connectionString });

let n = 0;
const withIds = `auction-bench-ids-${Date.now()}`;
let withIdsVersion = 0;
const withoutIds = `auction-bench-noids-${Date.now()}`;
let withoutIdsVersion = 0;
const readable = `auction-bench-read-${Date.now()}`;
await store.appendToStream(
  readable,
  Array.from({ length: 50 }, (_, i) => ({
    type: 'BidPlaced',
    data: { auctionId: 'b', bidId: `b-${i}`, amount: 100 + i },
    eventId: `bid:b-${i}`,
  })),
  { expectedVersion: 'no_stream' },
);

const bench = new Bench({ time: 2_000, warmupTime: 300 });
bench
  .add('append 1 event with a Gavel id (write + read-back)', async () => {
    const result = await store.appendToStream(
      withIds,
      [{ type: 'BidPlaced', data: { auctionId: 'a', bidId: `x-${n}`, amount: n }, eventId: `bid:x-${n++}` }],
      { expectedVersion: withIdsVersion },
    );
    withIdsVersion = result.nextExpectedVersion;
  })
  .add('append 1 event without id (write only)', async () => {
    const result = await store.appendToStream(
      withoutIds,
      [{ type: 'BidPlaced', data: { auctionId: 'a', amount: n++ } }],
      {
        expectedVersion: withoutIdsVersion,
      },
    );
    withoutIdsVersion = result.nextExpectedVersion;
  })
  .add('retried append (duplicate detected)', async () => {
    await store.appendToStream(readable, [{ type: 'BidPlaced', data: {}, eventId: 'bid:b-49' }], {
      expectedVersion: 49,
    });
  })
  .add('readStream of 50 events', async () => {
    await store.readStream(readable);
  });

await bench.run();
const rows = bench.tasks.map((task) => {
  const result = task.result as unknown as { latency?: { mean: number; p99?: number } };
  const mean = result.latency?.mean ?? Number.NaN;
  return {
    task: task.name,
    'ops/s (1 / mean)': Math.round(1_000 / mean),
    'mean ms': (result.latency?.mean ?? 0).toFixed(3),
    'p99 ms': (result.latency?.p99 ?? 0).toFixed(3),
  };
});
console.table(rows);
await store.close();
await standIn.stop();
process.exit(0);
