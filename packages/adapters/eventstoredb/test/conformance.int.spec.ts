import { describeEventStoreConformance } from '@gavel/core/conformance';
import { afterAll, beforeAll, describe } from 'vitest';
import { getEventStoreDBEventStore } from '../src';
import { type EventStoreDBStandIn, startEventStoreDBStandIn } from './standIn/eventStoreDBStandIn';
import { realServerUrl, useTestServer } from './testServer';

// The core conformance suite, unchanged: through the wire-level stand-in with the official client, or
// against a real EventStoreDB/KurrentDB when EVENTSTORE_URL is set (e.g. esdb://localhost:2113?tls=false).
const server = useTestServer();

describeEventStoreConformance(
  realServerUrl === undefined ? 'EventStoreDB stand-in (CI)' : `EventStoreDB at ${realServerUrl}`,
  {
    createStore: () => getEventStoreDBEventStore({ connectionString: server.connectionString() }),
    // Port 1 on the loopback: nothing listens, every connection is refused.
    unreachable: {
      createStore: () =>
        getEventStoreDBEventStore({
          connectionString: 'esdb://127.0.0.1:1?tls=false',
          timeoutMs: 1_500,
          retry: { initialDelayMs: 20, maxDelayMs: 200 },
        }),
      timeoutMs: 1_500,
    },
  },
);

// Again, with the stand-in acting like servers before 23.10 (no caught_up message, checkpoints only).
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
