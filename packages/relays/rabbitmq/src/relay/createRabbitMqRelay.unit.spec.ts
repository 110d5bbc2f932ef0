import { getInMemoryEventStore, isInvalidOptionsError } from '@gavel/core';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOf, createFakeBroker, type FakePublished } from '../../test/fakeBroker';
import { openCommand, runCommands, steppingService, waitFor } from '../../test/relayTestKit';
import { createRabbitMqRelay, type RabbitMqRelay } from './createRabbitMqRelay';

const relays: RabbitMqRelay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
});
const started = (relay: RabbitMqRelay): RabbitMqRelay => {
  relays.push(relay);
  return relay;
};
const quiet = { onError: () => {}, retry: { initialDelayMs: 5, maxDelayMs: 20 } };

/** A store with `auctions` auctions of `bids` bids each, written auction after auction. */
const storeWithBids = async (auctions: number, bids: number) => {
  const store = getInMemoryEventStore();
  const service = steppingService(store);
  for (let a = 0; a < auctions; a++) {
    const auctionId = `lot ${a}.*`;
    await runCommands(service, [
      openCommand(auctionId),
      ...Array.from({ length: bids }, (_, i) => ({
        type: 'PlaceBid' as const,
        data: { auctionId, bidderId: `bidder-${i % 2}`, amount: 1_000 + 100 * i, bidId: `${a}-${i}` },
      })),
    ]);
  }
  return store;
};

/** What a consumer with the version check takes out of the messages the broker accepted, by stream. */
const takenByStream = (accepted: readonly FakePublished[]): Map<string, number[]> => {
  const taken = new Map<string, number[]>();
  for (const message of accepted) {
    const headers = message.properties.headers as Record<string, unknown>;
    const stream = headers['Gavel-Stream'] as string;
    const version = headers['Gavel-Version'] as number;
    const versions = taken.get(stream) ?? [];
    if (version > (versions.at(-1) ?? 0)) versions.push(version);
    taken.set(stream, versions);
  }
  return taken;
};

const oneToN = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('createRabbitMqRelay, against a broker in memory', () => {
  it('publishes every event once, persistent, with its id, routing key and headers, to the declared exchange', async () => {
    const store = await storeWithBids(3, 4);
    const broker = createFakeBroker();
    const relay = started(createRabbitMqRelay({ store, connection: broker.connect, ...quiet }));
    await relay.start();
    expect(broker.exchanges).toEqual(new Set(['gavel.events']));
    expect(broker.published).toHaveLength(15);
    const first = broker.published[0] as FakePublished;
    expect(first.exchange).toBe('gavel.events');
    expect(first.routingKey).toBe('AuctionOpened.lot%200%2E%2A');
    expect(first.properties).toMatchObject({ persistent: true, messageId: 'auction-lot 0.*@1' });
    expect(bodyOf(first)).toMatchObject({ type: 'AuctionOpened', streamVersion: 1, globalPosition: '1' });
    expect([...takenByStream(broker.published).values()]).toEqual([oneToN(5), oneToN(5), oneToN(5)]);
    expect(relay.stats()).toMatchObject({
      name: 'gavel-rabbitmq-relay-gavel.events',
      exchange: 'gavel.events',
      audience: 'internal',
      published: 15,
      handled: 15,
      caughtUp: true,
      broker: { connected: true, connects: 1 },
    });
    expect(relay.stats().broker.lastError).toBeUndefined();
  });

  it('has at most one unconfirmed message per auction, and many auctions in flight side by side', async () => {
    const store = await storeWithBids(20, 5);
    const inFlight = new Map<string, number>();
    let worst = 0;
    const broker = createFakeBroker((message) => {
      const stream = (message.properties.headers as Record<string, string>)['Gavel-Stream'] as string;
      const now = (inFlight.get(stream) ?? 0) + 1;
      inFlight.set(stream, now);
      worst = Math.max(worst, now);
      setImmediate(() => inFlight.set(stream, (inFlight.get(stream) ?? 1) - 1));
      return 'ack';
    });
    const relay = started(createRabbitMqRelay({ store, connection: broker.connect, ...quiet }));
    await relay.start();
    expect(broker.published).toHaveLength(120);
    expect(worst).toBe(1);
    expect(broker.mostInFlight()).toBeGreaterThanOrEqual(10);
  });

  it('moves the checkpoint only past messages the broker confirmed', async () => {
    const store = await storeWithBids(2, 3);
    const holding = createFakeBroker(() => 'hold');
    const first = createRabbitMqRelay({
      store,
      connection: holding.connect,
      confirmTimeoutMs: 200,
      ...quiet,
    });
    void first.start();
    await waitFor(() => holding.published.length > 0, 'a first publish');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first.stats().handled).toBe(0);
    await first.stop(); // no confirm came: nothing is checkpointed
    const broker = createFakeBroker();
    const second = started(createRabbitMqRelay({ store, connection: broker.connect, ...quiet }));
    await second.start();
    expect(broker.published).toHaveLength(8); // everything again
    await second.stop();
    const third = started(createRabbitMqRelay({ store, connection: broker.connect, ...quiet }));
    await third.start();
    expect(broker.published).toHaveLength(8); // nothing again: it was all confirmed
  });

  it('after a refused message publishes nothing more of its auction before it, so the version check loses nothing', async () => {
    const store = await storeWithBids(5, 6);
    let refusals = 0;
    const accepted: FakePublished[] = [];
    const broker = createFakeBroker((message) => {
      const version = (message.properties.headers as Record<string, number>)['Gavel-Version'];
      if (version === 3 && refusals < 4) {
        refusals++;
        return 'nack';
      }
      accepted.push(message);
      return 'ack';
    });
    const relay = started(createRabbitMqRelay({ store, connection: broker.connect, ...quiet }));
    await relay.start();
    expect(refusals).toBe(4);
    expect([...takenByStream(accepted).values()]).toEqual(Array.from({ length: 5 }, () => oneToN(7)));
    expect(relay.stats().retries).toBeGreaterThan(0);
  });

  it('connects again by itself after the connection is lost, with typed errors in stats() meanwhile', async () => {
    const store = getInMemoryEventStore();
    const service = steppingService(store);
    const broker = createFakeBroker();
    const relay = started(
      createRabbitMqRelay({
        store,
        connection: broker.connect,
        ...quiet,
        retry: { initialDelayMs: 50, maxDelayMs: 50 },
      }),
    );
    await relay.start();
    await runCommands(service, [openCommand('a1')]);
    await waitFor(() => broker.published.length === 1, 'the first event');
    broker.failNextConnects(3);
    broker.drop();
    await waitFor(
      () => relay.stats().broker.lastError?.code === 'CONNECT_FAILED',
      'a CONNECT_FAILED in stats',
    );
    expect(relay.stats().broker.connected).toBe(false);
    await runCommands(service, [
      { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'x', amount: 1_000 } },
    ]);
    await waitFor(() => broker.published.length === 2, 'the second event, after the reconnection');
    await waitFor(() => relay.stats().broker.lastError === undefined, 'the error to clear');
    expect(relay.stats().broker).toMatchObject({ connected: true, connects: 2 });
  });

  it('refuses bad options, naming them', () => {
    const store = getInMemoryEventStore();
    const connection = 'amqp://localhost';
    const refusal = (options: unknown): string => {
      try {
        createRabbitMqRelay(options as never);
      } catch (error) {
        if (isInvalidOptionsError(error)) return error.message;
        throw error;
      }
      throw new Error('accepted');
    };
    expect(refusal({ store, connection: 42 })).toMatch(/^connection/);
    expect(refusal({ store, connection, exchange: 'amq.topic' })).toMatch(/^exchange/);
    expect(refusal({ store, connection, exchange: '' })).toMatch(/^exchange/);
    expect(refusal({ store, connection, audience: 'public' })).toMatch(/^mask/);
    expect(refusal({ store, connection, audience: 'everyone' })).toMatch(/^audience/);
    expect(refusal({ store, connection, confirmTimeoutMs: 0 })).toMatch(/^confirmTimeoutMs/);
    expect(refusal({ store, connection, partitions: 0 })).toMatch(/partitions/);
    expect(refusal({ store, connection, name: 'a b' })).toMatch(/name/);
  });
});
