import { describeEventStoreConformance } from '@gavel/core/conformance';
import { afterAll, beforeAll, describe } from 'vitest';
import { getEventStoreDBEventStore } from '../src';
import { type EventStoreDBStandIn, startEventStoreDBStandIn } from './standIn/eventStoreDBStandIn';
import { realServerUrl, TEST_CLIENTS, useTestServer } from './testServer';

// The core conformance suite, unchanged, once with each client package: through the wire-level
// stand-in, or against a real EventStoreDB/KurrentDB when EVENTSTORE_URL is set (e.g.
// esdb://localhost:2113?tls=false).
const server = useTestServer();

for (const client of TEST_CLIENTS) {
  describeEventStoreConformance(
    `${realServerUrl === undefined ? 'EventStoreDB stand-in (CI)' : `EventStoreDB at ${realServerUrl}`} through ${client.name}`,
    {
      createStore: () =>
        getEventStoreDBEventStore({ connectionString: client.connectionString(server.connectionString()) }),
      // Port 1 on the loopback: nothing listens, every connection is refused.
      unreachable: {
        createStore: () =>
          getEventStoreDBEventStore({
            connectionString: client.connectionString('esdb://127.0.0.1:1?tls=false'),
            timeoutMs: 1_500,
            retry: { initialDelayMs: 20, maxDelayMs: 200 },
          }),
        timeoutMs: 1_500,
      },
    },
  );
}

// Again, with the stand-in acting like servers before 23.10 (no caught_up message, checkpoints only):
// caught-up then rests on the $all head read as a subscription starts. With @eventstore/db-client only:
// @kurrent/kurrentdb-client makes its first read on a native connection of its own, which waits about
// half a second to connect to the stand-in, longer than the live-switch spec gives it.
describe.skipIf(realServerUrl !== undefined)('without caught_up messages', () => {
  let standIn: EventStoreDBStandIn;
  beforeAll(async () => {
    standIn = await startEventStoreDBStandIn({ sendCaughtUp: false });
  });
  afterAll(async () => {
    await standIn.stop();
  });
  describeEventStoreConformance('EventStoreDB stand-in acting like a server before 23.10', {
    createStore: () => getEventStoreDBEventStore({ connectionString: standIn.connectionString }),
  });
});
