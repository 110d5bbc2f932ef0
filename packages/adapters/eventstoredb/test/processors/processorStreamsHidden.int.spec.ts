import type { EventStore, RecordedEvent, SubscribeOptions, SubscriptionMessage } from '@gavel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEventStoreDBEventStore } from '../../src';
import { type EventStoreDBStandIn, startEventStoreDBStandIn } from '../standIn/eventStoreDBStandIn';
import { realServerUrl } from '../testServer';
import { uniqueProcessor, useProcessorStores } from './processorTestKit';

const LEASE_MS = 60_000;
const { open } = useProcessorStores();

/** The events a subscription delivers until `until` is among them. */
const deliveredUntil = async (
  store: EventStore,
  options: SubscribeOptions,
  until: string,
): Promise<{ events: RecordedEvent[]; caughtUp: boolean }> => {
  const events: RecordedEvent[] = [];
  let caughtUp = false;
  const signal = AbortSignal.timeout(20_000);
  for await (const message of store.subscribe({ ...options, signal }) as AsyncIterable<SubscriptionMessage>) {
    if (message.type === 'caught-up') caughtUp = true;
    else {
      events.push(message.event);
      if (message.event.streamName === until) break;
    }
  }
  return { events, caughtUp };
};

/** Every kind of processor write, interleaved with appends of user events to `category`. */
const busyProcessor = async (store: EventStore, category: string): Promise<string> => {
  const processor = uniqueProcessor('hidden');
  const { processors } = store;
  const user = (n: number) =>
    store.appendToStream(`${category}-${n}`, [{ type: 'Tested', data: { n } }], {
      expectedVersion: 'no_stream',
    });
  await user(1);
  await processors.register({ processor, partitions: 2, initialCheckpoint: 0n });
  const lease = await processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
  await user(2);
  for (let n = 1; n <= 3; n++)
    await processors.commit({
      processor,
      partition: 0,
      token: lease?.token ?? -1,
      position: BigInt(n),
      changes: { set: [[`k${n}`, 'x'.repeat(20_000)]] }, // big enough for a snapshot and a truncation
    });
  await processors.heartbeat({ processor, owner: 'a', leaseMs: LEASE_MS });
  await user(3);
  await processors.release({ processor, owner: 'a', partitions: [0], leave: true });
  await processors.reset(processor);
  return processor;
};

const expectOnlyUserEvents = (events: readonly RecordedEvent[], category: string) => {
  expect(events.filter((event) => event.streamName.startsWith('gavel.processor'))).toEqual([]);
  expect(
    events.filter((event) => event.streamName.startsWith(`${category}-`)).map((e) => e.streamName),
  ).toEqual([`${category}-1`, `${category}-2`, `${category}-3`, `${category}-end`]);
};

const hiddenSpecs = (store: () => EventStore) => {
  it('never delivers processor streams to a subscription to every stream (history and live)', async () => {
    const category = uniqueProcessor('hid').replace('-', '');
    const marker = await store().appendToStream(`${category}-start`, [{ type: 'Tested', data: {} }], {
      expectedVersion: 'no_stream',
    });
    const live = deliveredUntil(store(), { fromPosition: marker.lastPosition }, `${category}-end`);
    await busyProcessor(store(), category);
    await store().appendToStream(`${category}-end`, [{ type: 'Tested', data: {} }], {
      expectedVersion: 'no_stream',
    });
    const history = await deliveredUntil(store(), { fromPosition: marker.lastPosition }, `${category}-end`);
    expectOnlyUserEvents(history.events, category);
    expectOnlyUserEvents((await live).events, category);
  });

  it('never delivers them to a category subscription, even one named like them', async () => {
    const category = uniqueProcessor('cat').replace('-', '');
    const marker = await store().appendToStream(`${category}-start`, [{ type: 'Tested', data: {} }], {
      expectedVersion: 'no_stream',
    });
    await busyProcessor(store(), category);
    await store().appendToStream(`${category}-end`, [{ type: 'Tested', data: {} }], {
      expectedVersion: 'no_stream',
    });
    const inCategory = await deliveredUntil(
      store(),
      { fromPosition: marker.lastPosition, category },
      `${category}-end`,
    );
    expectOnlyUserEvents(inCategory.events, category);
    const messages: SubscriptionMessage[] = [];
    const signal = AbortSignal.timeout(10_000);
    for await (const message of store().subscribe({
      fromPosition: marker.lastPosition,
      category: 'gavel.processor',
      signal,
    })) {
      messages.push(message);
      if (message.type === 'caught-up') break;
    }
    expect(messages.map((message) => message.type)).toEqual(['caught-up']);
  });
};

describe('EventStoreDB processor streams are never delivered by subscribe', () => {
  hiddenSpecs(() => open());
});

describe.skipIf(realServerUrl !== undefined)('… nor by a server before 23.10 (no caught_up message)', () => {
  let standIn: EventStoreDBStandIn;
  let store: EventStore;
  beforeAll(async () => {
    standIn = await startEventStoreDBStandIn({ sendCaughtUp: false });
    store = getEventStoreDBEventStore({ connectionString: standIn.connectionString });
  });
  afterAll(async () => {
    await store.close();
    await standIn.stop();
  });
  hiddenSpecs(() => store);
});
