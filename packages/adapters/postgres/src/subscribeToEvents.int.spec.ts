import type { EventStore, RecordedEvent, SubscriptionMessage } from '@gavel/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { holdAppend } from '../test/heldAppend';
import { dropSchema, pgUrl, randomSchema } from '../test/pgTestEnv';
import { getPostgresEventStore } from './getPostgresEventStore';

const schema = randomSchema();
const tag = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const openAppend = (stream: string, n: number) => holdAppend(schema, stream, n);

/** Collects a subscription's messages in the background. */
const collect = (store: EventStore, fromPosition: bigint, category: string) => {
  const controller = new AbortController();
  const messages: SubscriptionMessage[] = [];
  const done = (async () => {
    for await (const message of store.subscribe({ fromPosition, category, signal: controller.signal }))
      messages.push(message);
  })();
  const events = (): RecordedEvent[] => messages.flatMap((m) => (m.type === 'event' ? [m.event] : []));
  const waitFor = async (count: number, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (events().length < count) {
      if (Date.now() > deadline) throw new Error(`only ${events().length} of ${count} events delivered`);
      await sleep(10);
    }
    return events();
  };
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { messages, events, waitFor, stop };
};

describe('subscriptions over overlapping transactions', () => {
  let store: EventStore;
  beforeAll(async () => {
    store = getPostgresEventStore({ connectionString: pgUrl, schema, pollIntervalMs: 20 });
    await store.readStream('warm-up');
  });
  afterAll(async () => {
    await store.close();
    await dropSchema(schema);
  });

  let pending: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of pending) await cleanup().catch(() => undefined);
    pending = [];
  });

  it('holds back a later commit until an earlier position commits, then delivers both in order', async () => {
    const category = `gap${tag()}`;
    const from = (
      await store.appendToStream(`marker-${tag()}`, [{ type: 'Mark', data: {} }], { expectedVersion: 'any' })
    ).lastPosition;
    const subscriber = collect(store, from, category);
    pending.push(subscriber.stop);

    const early = await openAppend(`${category}-a`, 1);
    pending.push(early.rollback);
    const late = await store.appendToStream(`${category}-b`, [{ type: 'Tested', data: { n: 2 } }], {
      expectedVersion: 'no_stream',
    });
    expect(early.position < late.lastPosition).toBe(true);
    // The late event is committed and visible: a reader resuming from the highest position it saw would
    // deliver it now and skip the early one when it commits.
    expect((await store.readStream(`${category}-b`)).events).toHaveLength(1);

    await sleep(300);
    expect(subscriber.events()).toEqual([]);
    expect(subscriber.messages.map((m) => m.type)).toEqual(['caught-up']);

    await early.commit();
    pending = [subscriber.stop];
    const delivered = await subscriber.waitFor(2);
    expect(delivered.map((e) => e.globalPosition)).toEqual([early.position, late.lastPosition]);
    expect(delivered.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
  });

  it('delivers a later commit once an earlier append rolls back', async () => {
    const category = `gap${tag()}`;
    const from = (
      await store.appendToStream(`marker-${tag()}`, [{ type: 'Mark', data: {} }], { expectedVersion: 'any' })
    ).lastPosition;
    const subscriber = collect(store, from, category);
    pending.push(subscriber.stop);
    const early = await openAppend(`${category}-a`, 1);
    pending.push(early.rollback);
    await store.appendToStream(`${category}-b`, [{ type: 'Tested', data: { n: 2 } }], {
      expectedVersion: 'any',
    });
    await sleep(200);
    expect(subscriber.events()).toEqual([]);
    await early.rollback();
    const delivered = await subscriber.waitFor(1);
    expect(delivered.map((e) => (e.data as { n: number }).n)).toEqual([2]);
  });

  it('misses nothing under many overlapping, slow and rolled-back appends, also when resumed', async () => {
    const category = `gap${tag()}`;
    const from = (
      await store.appendToStream(`marker-${tag()}`, [{ type: 'Mark', data: {} }], { expectedVersion: 'any' })
    ).lastPosition;
    const live = collect(store, from, category);
    pending.push(live.stop);
    // A subscriber that stops after a few events and resumes from the last position it was given.
    const resumed: RecordedEvent[] = [];
    const stopAll = new AbortController();
    const resuming = (async () => {
      let position = from;
      while (!stopAll.signal.aborted) {
        let taken = 0;
        for await (const message of store.subscribe({
          fromPosition: position,
          category,
          signal: stopAll.signal,
        })) {
          if (message.type === 'caught-up') continue;
          resumed.push(message.event);
          position = message.event.globalPosition;
          if (++taken === 3) break;
        }
      }
    })();

    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; i < 15; i++) {
        const stream = `${category}-${w}`;
        if (i % 3 === 0) {
          const held = await openAppend(stream, w * 100 + i);
          await sleep(Math.floor(Math.random() * 40));
          await (i % 9 === 0 ? held.rollback() : held.commit());
        } else {
          await store.appendToStream(stream, [{ type: 'Tested', data: { n: w * 100 + i } }], {
            expectedVersion: 'any',
          });
          await sleep(Math.floor(Math.random() * 5));
        }
      }
    });
    await Promise.all(writers);

    const committed = (
      await Promise.all(Array.from({ length: 6 }, (_, w) => store.readStream(`${category}-${w}`)))
    )
      .flatMap((read) => read.events)
      .sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1));
    expect(committed).toHaveLength(6 * 15 - 6 * 2);
    const expected = committed.map((e) => e.globalPosition);
    expect((await live.waitFor(committed.length)).map((e) => e.globalPosition)).toEqual(expected);
    const deadline = Date.now() + 5_000;
    while (resumed.length < committed.length && Date.now() < deadline) await sleep(10);
    stopAll.abort();
    await resuming;
    expect(resumed.map((e) => e.globalPosition)).toEqual(expected);
  });
});
