import {
  type AuctionCommand,
  auctionToken,
  decodeAuctionEvent,
  getInMemoryEventStore,
  type RecordedEvent,
  type RecordedEventJson,
  relayedEventJson,
} from '@gavel/core';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCommand, runCommands, steppingService, waitFor } from '../test/relayTestKit';
import { connectShared, SHARED_RABBITMQ_URL, uniqueName } from '../test/sharedRabbit';
import type { RabbitMqConsumer } from './consumer/consumerOptions';
import { createRabbitMqConsumer } from './consumer/createRabbitMqConsumer';
import type { RelayedMessage } from './consumer/readRelayedMessage';
import type { PublicChangeBody } from './message/publicChangeMessage';
import { createRabbitMqRelay, type RabbitMqRelay } from './relay/createRabbitMqRelay';

let admin: ChannelModel;
let channel: Channel;
const exchanges: string[] = [];
const queues: string[] = [];
const running: (RabbitMqRelay | RabbitMqConsumer)[] = [];

beforeAll(async () => {
  admin = await connectShared();
  channel = await admin.createChannel();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
  for (const queue of queues.splice(0)) await channel.deleteQueue(queue);
  for (const exchange of exchanges.splice(0)) await channel.deleteExchange(exchange);
});
afterAll(async () => {
  await admin?.close();
});

const quiet = { onError: () => {}, retry: { initialDelayMs: 20, maxDelayMs: 200 } };

/** A consumer of a fresh queue on a fresh exchange, collecting what it takes. */
const consumerOf = async (
  exchange: string,
  bindingKeys: string[] = ['#'],
  handle?: (m: RelayedMessage) => void,
) => {
  const queue = uniqueName('queue');
  queues.push(queue);
  const taken: RelayedMessage[] = [];
  const consumer = createRabbitMqConsumer({
    connection: SHARED_RABBITMQ_URL,
    exchange,
    queue,
    bindingKeys,
    ...quiet,
    handle: (message) => {
      handle?.(message);
      taken.push(message);
    },
  });
  running.push(consumer);
  await consumer.start();
  return { consumer, taken, queue };
};

const bidsOn = (auctionId: string, count: number): AuctionCommand[] =>
  Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { type: 'PlaceBid', data: { auctionId, bidderId: `b${i % 3}`, amount: 1_000 + 200 * i } }
      : { type: 'SetMaxBid', data: { auctionId, bidderId: `b${i % 3}`, maxAmount: 1_100 + 200 * i } },
  );

describe('the relay and the consumer, on the shared RabbitMQ', () => {
  it('relays every event once, in order, as its JSON form with the Gavel headers, persistent', async () => {
    const exchange = uniqueName('events');
    exchanges.push(exchange);
    const { taken, consumer } = await consumerOf(exchange);
    const store = getInMemoryEventStore();
    const service = steppingService(store);
    const ids = ['lot 1.*', 'enchère #2', 'plain-3'];
    await runCommands(
      service,
      ids.map((id) => openCommand(id)),
    );
    const relay = createRabbitMqRelay({
      store,
      connection: SHARED_RABBITMQ_URL,
      exchange,
      partitions: 2,
      ...quiet,
    });
    running.push(relay);
    await relay.start();
    for (const id of ids) await runCommands(service, bidsOn(id, 6));
    const stored = (await Promise.all(ids.map((id) => store.readStream(`auction-${id}`)))).flatMap(
      (r) => r.events,
    );
    await waitFor(() => taken.length === stored.length, `${stored.length} messages`, 15_000);
    for (const id of ids) {
      const mine = taken.filter((message) => message.streamName === `auction-${id}`);
      expect(mine.map((message) => message.version)).toEqual(mine.map((_, i) => i + 1));
    }
    for (const message of taken) {
      const event = stored.find((e) => `${e.streamName}@${e.streamVersion}` === message.messageId);
      expect(event, message.messageId).toBeDefined();
      expect(message.body).toEqual(
        relayedEventJson(decodeAuctionEvent(event as RecordedEvent) ?? (event as RecordedEvent)),
      );
      expect(message.routingKey).toBe(`${event?.type}.${auctionToken(event?.streamName.slice(8) ?? '')}`);
      expect(message.position).toBe(event?.globalPosition);
    }
    expect(consumer.stats()).toMatchObject({
      connected: true,
      taken: stored.length,
      dropped: 0,
      malformed: 0,
    });
    // The consumer may take a batch before the relay has its confirms: the count follows them.
    await waitFor(() => relay.stats().published === stored.length, 'the relay to count every confirm', 5_000);
    expect(relay.stats()).toMatchObject({ published: stored.length, broker: { connected: true } });
  });

  it('routes by event type and auction token', async () => {
    const exchange = uniqueName('routes');
    exchanges.push(exchange);
    const one = await consumerOf(exchange, [`*.${auctionToken('lot 1.*')}`]);
    const maxima = await consumerOf(exchange, ['MaxBidSet.*']);
    const store = getInMemoryEventStore();
    const service = steppingService(store);
    await runCommands(service, [
      openCommand('lot 1.*'),
      openCommand('lot 1'),
      ...bidsOn('lot 1.*', 4),
      ...bidsOn('lot 1', 4),
    ]);
    const relay = createRabbitMqRelay({ store, connection: SHARED_RABBITMQ_URL, exchange, ...quiet });
    running.push(relay);
    await relay.start();
    await waitFor(() => one.taken.length === 5 && maxima.taken.length === 4, 'the routed messages');
    expect(new Set(one.taken.map((m) => m.streamName))).toEqual(new Set(['auction-lot 1.*']));
    expect(new Set(maxima.taken.map((m) => (m.body as RecordedEventJson).type))).toEqual(
      new Set(['MaxBidSet']),
    );
  });

  it('sends the public audience only the feed’s changes, to its own exchange', async () => {
    const exchange = uniqueName('public');
    exchanges.push(exchange);
    const { taken } = await consumerOf(exchange);
    const store = getInMemoryEventStore();
    const service = steppingService(store);
    await runCommands(service, [
      openCommand('lot-9'),
      { type: 'SetMaxBid', data: { auctionId: 'lot-9', bidderId: 'carol', maxAmount: 5_000 } },
      { type: 'SetMaxBid', data: { auctionId: 'lot-9', bidderId: 'carol', maxAmount: 6_000 } }, // silent raise
      { type: 'PlaceBid', data: { auctionId: 'lot-9', bidderId: 'dave', amount: 2_000 } },
    ]);
    const mask = (auctionId: string, bidderId: string) => `masked-${bidderId.length}-${auctionId.length}`;
    const relay = createRabbitMqRelay({
      store,
      connection: SHARED_RABBITMQ_URL,
      audience: 'public',
      mask,
      exchange,
      ...quiet,
    });
    running.push(relay);
    await relay.start();
    await waitFor(() => taken.length === 3, 'three changes');
    expect(taken.map((m) => [m.version, m.routingKey])).toEqual([
      [1, 'change.lot-9'],
      [2, 'change.lot-9'],
      [4, 'change.lot-9'],
    ]);
    const last = taken.at(-1)?.body as PublicChangeBody;
    expect(last).toMatchObject({
      type: 'change',
      auctionId: 'lot-9',
      version: 4,
      view: { price: 2_100, leaderId: 'masked-5-5' },
    });
    expect(JSON.stringify(taken.map((m) => m.body))).not.toMatch(/carol|dave|5000|6000/);
  });

  it('drops a message taken before, and takes again one whose handler failed, in order', async () => {
    const exchange = uniqueName('again');
    exchanges.push(exchange);
    let failures = 1;
    const { taken, consumer } = await consumerOf(exchange, ['#'], (message) => {
      if (message.version === 2 && failures-- > 0) throw new Error('not now');
    });
    const store = getInMemoryEventStore();
    const service = steppingService(store);
    await runCommands(service, [openCommand('lot-5'), ...bidsOn('lot-5', 3)]);
    const relay = createRabbitMqRelay({ store, connection: SHARED_RABBITMQ_URL, exchange, ...quiet });
    running.push(relay);
    await relay.start();
    await waitFor(() => taken.length === 4, 'four events');
    // The same messages published again (as after a relay's crash): all dropped.
    const again = createRabbitMqRelay({
      store,
      connection: SHARED_RABBITMQ_URL,
      exchange,
      name: 'again',
      ...quiet,
    });
    running.push(again);
    await again.start();
    await waitFor(() => consumer.stats().dropped >= 4, 'the copies to be dropped');
    expect(taken.map((m) => m.version)).toEqual([1, 2, 3, 4]);
    expect(consumer.stats()).toMatchObject({ taken: 4, connects: 2 });
  });
});
