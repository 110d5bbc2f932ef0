import {
  type BidderMask,
  getInMemoryEventStore,
  initialPublicProjection,
  projectPublicEvent,
  rebuildProcessor,
} from '@gavel/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auctionWriter, HOSTILE_AUCTION_IDS } from '../test/auctionWriter';
import { startNatsServer, type TestNatsServer } from '../test/natsServer';
import { expectEveryEventOnce } from '../test/relayedChecks';
import { readStoreEvents, readStreamMessages } from '../test/streamContents';
import { createNatsRelay } from './createNatsRelay';

let server: TestNatsServer;
let connection: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer('relay-int');
  connection = await connect({ servers: server.url });
});

afterAll(async () => {
  await connection?.close();
  await server?.destroy();
});

const quiet = { onError: () => {} };

describe('createNatsRelay against a JetStream server of its own', () => {
  it('creates the stream and stores every event once, with its subject, id, headers and body, in order', async () => {
    const store = getInMemoryEventStore();
    const writer = auctionWriter(store);
    await writer.open(HOSTILE_AUCTION_IDS);
    await writer.bid(HOSTILE_AUCTION_IDS, 60);
    const relay = createNatsRelay({
      store,
      connection,
      stream: 'HAPPY',
      subjectPrefix: 'happy',
      partitions: 3,
      ...quiet,
    });
    await relay.start();
    await writer.bid(HOSTILE_AUCTION_IDS, 30);
    await writer.close(HOSTILE_AUCTION_IDS);
    const events = await readStoreEvents(store);
    await expect.poll(() => relay.stats().published, { timeout: 10_000 }).toBe(events.length);
    await relay.stop();
    expectEveryEventOnce(events, await readStreamMessages(connection, 'HAPPY'), 'happy');
    const jsm = await jetstreamManager(connection);
    const { config } = await jsm.streams.info('HAPPY');
    expect(config.subjects).toEqual(['happy.>']);
    expect(config.duplicate_window).toBeGreaterThanOrEqual(nanos(120_000));
    expect(relay.stats()).toMatchObject({ stream: 'HAPPY', duplicates: 0, name: 'gavel-nats-relay-HAPPY' });
  });

  it('sends the whole history again after its checkpoints are reset: JetStream drops every message as a duplicate', async () => {
    const store = getInMemoryEventStore();
    const writer = auctionWriter(store);
    await writer.open(['d1', 'd2']);
    await writer.bid(['d1', 'd2'], 20);
    const first = createNatsRelay({ store, connection, stream: 'AGAIN', subjectPrefix: 'again', ...quiet });
    await first.start();
    await first.stop();
    await rebuildProcessor({
      checkpoints: store.processors,
      name: 'gavel-nats-relay-AGAIN',
      clear: async () => {},
    });
    const second = createNatsRelay({ store, connection, stream: 'AGAIN', subjectPrefix: 'again', ...quiet });
    await second.start();
    await second.stop();
    const events = await readStoreEvents(store);
    expect(second.stats()).toMatchObject({ published: 0, duplicates: events.length, alreadyStored: 0 });
    expectEveryEventOnce(events, await readStreamMessages(connection, 'AGAIN'), 'again');
  });

  it('past the duplicate window, looks each auction up in the stream and sends nothing it already holds', async () => {
    const store = getInMemoryEventStore();
    const writer = auctionWriter(store);
    await writer.open(['w1', 'w2', 'w3']);
    await writer.bid(['w1', 'w2', 'w3'], 30);
    const first = createNatsRelay({ store, connection, stream: 'WINDOW', subjectPrefix: 'window', ...quiet });
    await first.start();
    await first.stop();
    await rebuildProcessor({
      checkpoints: store.processors,
      name: 'gavel-nats-relay-WINDOW',
      clear: async () => {},
    });
    // More events, and a clock 10 minutes ahead: every event is older than the window.
    const relayed = (await readStoreEvents(store)).length;
    await writer.bid(['w1', 'w2', 'w3'], 9);
    const later = createNatsRelay({
      store,
      connection,
      stream: 'WINDOW',
      subjectPrefix: 'window',
      clock: () => Date.now() + 600_000,
      ...quiet,
    });
    await later.start();
    await later.stop();
    const events = await readStoreEvents(store);
    expect(events.length).toBeGreaterThan(relayed);
    expect(later.stats()).toMatchObject({
      published: events.length - relayed,
      duplicates: 0,
      alreadyStored: relayed,
    });
    expectEveryEventOnce(events, await readStreamMessages(connection, 'WINDOW'), 'window');
  });

  it('with send: public, sends only what the feed shows: masked ids, no maximum, across a restart', async () => {
    const store = getInMemoryEventStore();
    const writer = auctionWriter(store);
    const mask: BidderMask = (auctionId, bidderId) => `masked:${bidderId.length}:${auctionId.length}`;
    await writer.open(['p1', 'p 2']);
    await writer.bid(['p1', 'p 2'], 30);
    const options = { store, connection, audience: 'public', mask, batchSize: 7, ...quiet } as const;
    const first = createNatsRelay(options);
    await first.start();
    await first.stop();
    await writer.bid(['p1', 'p 2'], 30);
    await writer.close(['p1', 'p 2']);
    const second = createNatsRelay(options);
    await second.start();
    await second.stop();
    const messages = await readStreamMessages(connection, 'GAVEL_PUBLIC');
    const events = await readStoreEvents(store);
    const maxima = events.flatMap((e) =>
      e.type === 'MaxBidSet' ? [(e.data as { maxAmount: number }).maxAmount] : [],
    );
    expect(maxima.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message.body).not.toContain('bidder-');
      expect(message.subject).toMatch(/^gavel-public\.(bid|extended|closed|view)\.(p1|p%202)$/);
    }
    // The same changes as the feed's projection of each auction, in one pass.
    const projections = new Map<string, ReturnType<typeof initialPublicProjection>>();
    const expected: string[] = [];
    for (const event of events) {
      const step = projectPublicEvent(
        projections.get(event.streamName) ?? initialPublicProjection(),
        event,
        mask,
      );
      projections.set(event.streamName, step.projection);
      if (step.change !== null)
        expected.push(JSON.stringify({ auctionId: event.streamName.slice(8), ...step.change }));
    }
    expect(messages.map((m) => m.body)).toEqual(expected);
    // No maximum: MaxBidSet events were written, and no body has a field for one.
    for (const message of messages) expect(message.body).not.toMatch(/"max|"reservePrice"/i);
  });

  it('refuses a stream that keeps ids too briefly (typed error in stats), and goes on by itself once it is fixed', async () => {
    const jsm = await jetstreamManager(connection);
    await jsm.streams.add({ name: 'SHORT', subjects: ['short.>'], duplicate_window: nanos(1_000) });
    const store = getInMemoryEventStore();
    await auctionWriter(store).open(['s1']);
    const relay = createNatsRelay({ store, connection, stream: 'SHORT', subjectPrefix: 'short', ...quiet });
    const started = relay.start();
    await expect
      .poll(() => relay.stats().lastRelayError?.code, { timeout: 10_000 })
      .toBe('STREAM_MISCONFIGURED');
    expect(relay.stats().published).toBe(0);
    await jsm.streams.update('SHORT', { duplicate_window: nanos(120_000) });
    await started;
    expect(relay.stats()).toMatchObject({ published: 1 });
    expect(relay.stats().lastRelayError).toBeUndefined();
    await relay.stop();
  });
});
