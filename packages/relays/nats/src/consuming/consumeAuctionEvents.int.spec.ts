import { getInMemoryEventStore, type RecordedAuctionEvent } from '@gavel/core';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auctionWriter } from '../../test/auctionWriter';
import { startNatsServer, type TestNatsServer } from '../../test/natsServer';
import { readStoreEvents } from '../../test/streamContents';
import { createNatsRelay } from '../createNatsRelay';
import { relaySubjectFilter } from '../messages/relaySubjectFilter';
import { consumeAuctionEvents } from './consumeAuctionEvents';
import type { NatsConsumerError } from './consumerError';
import type { NatsDelivery } from './consumerOptions';

let server: TestNatsServer;
let connection: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer('consumer-int');
  connection = await connect({ servers: server.url });
});

afterAll(async () => {
  await connection?.close();
  await server?.destroy();
});

describe('consumeAuctionEvents', () => {
  it('hands typed events in stream order, acknowledges after the handler, retries a failing one, resumes after a stop', async () => {
    const store = getInMemoryEventStore();
    const writer = auctionWriter(store);
    await writer.open(['c1', 'c 2']);
    await writer.bid(['c1', 'c 2'], 20);
    const relay = createNatsRelay({ store, connection, onError: () => {} });
    await relay.start();
    const seen: { event: RecordedAuctionEvent; delivery: NatsDelivery }[] = [];
    const errors: NatsConsumerError[] = [];
    let failOnce = true;
    const options = {
      connection,
      durable: 'audit',
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      onError: (error: NatsConsumerError) => errors.push(error),
      handle: async (event: RecordedAuctionEvent, delivery: NatsDelivery) => {
        if (failOnce && seen.length === 5) {
          failOnce = false;
          throw new Error('the database is busy');
        }
        seen.push({ event, delivery });
      },
    };
    const first = consumeAuctionEvents(options);
    await first.start();
    const events = await readStoreEvents(store);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(events.length);
    await first.stop();
    expect(first.stats()).toMatchObject({ handled: events.length, redelivered: 0, consuming: false });
    expect(errors.map((error) => error.code)).toEqual(['HANDLER_FAILED']);
    // More events while it is stopped: a new consumer of the same name gets only those.
    await writer.close(['c1', 'c 2']);
    const second = consumeAuctionEvents(options);
    await second.start();
    const all = await readStoreEvents(store);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(all.length);
    await second.stop();
    await relay.stop();
    expect(seen.map(({ event }) => `${event.streamName}@${event.streamVersion}`)).toEqual(
      all.map((event) => `${event.streamName}@${event.streamVersion}`),
    );
    expect(seen.map(({ delivery }) => delivery.streamSequence)).toEqual(all.map((_, i) => i + 1));
    const closed = seen.map(({ event }) => event).filter((event) => event.type === 'AuctionClosed');
    expect(closed.map((event) => event.data.outcome)).toEqual(['sold', 'sold']);
  });

  it('reads one event type with a subject filter, and terminates a message that is no Gavel event', async () => {
    const store = getInMemoryEventStore();
    const writer = auctionWriter(store);
    await writer.open(['f1']);
    await writer.bid(['f1'], 4);
    await writer.close(['f1']);
    const relay = createNatsRelay({ store, connection, stream: 'FILTERED', subjectPrefix: 'filtered' });
    await relay.start();
    await relay.stop();
    await jetstream(connection).publish('filtered.AuctionClosed.junk', 'not json');
    const closed: RecordedAuctionEvent[] = [];
    const errors: NatsConsumerError[] = [];
    const consumer = consumeAuctionEvents({
      connection,
      stream: 'FILTERED',
      durable: 'closes',
      filterSubject: relaySubjectFilter({ subjectPrefix: 'filtered', type: 'AuctionClosed' }),
      onError: (error) => errors.push(error),
      handle: (event) => {
        closed.push(event);
      },
    });
    await consumer.start();
    await expect.poll(() => consumer.stats().terminated, { timeout: 10_000 }).toBe(1);
    await consumer.stop();
    expect(closed.map((event) => event.type)).toEqual(['AuctionClosed']);
    expect(errors.map((error) => error.code)).toEqual(['DECODE_FAILED']);
  });
});
