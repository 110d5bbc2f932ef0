import { expect, it } from 'vitest';
import {
  type ConformanceContext,
  eventsOf,
  markNow,
  numbers,
  readSubscription,
  testEvent,
  uniqueCategory,
  uniqueStream,
} from './conformanceHelpers';

const expectIncreasing = (positions: readonly bigint[]): void => {
  for (let i = 1; i < positions.length; i++)
    expect((positions[i] as bigint) > (positions[i - 1] as bigint), 'global order').toBe(true);
};

/** Subscriptions: history, caught-up, live, category filter, resume, abort. */
export const subscriptionSpecs = ({ store }: ConformanceContext): void => {
  it('delivers history, then one caught-up, then live events, in global order', async () => {
    const category = uniqueCategory();
    const [first, second] = [uniqueStream(category), uniqueStream(category)];
    const from = await markNow(store());
    await store().appendToStream(first, [testEvent(1), testEvent(2)], { expectedVersion: 'no_stream' });
    await store().appendToStream(second, [testEvent(3)], { expectedVersion: 'no_stream' });
    const reader = readSubscription(store().subscribe({ fromPosition: from, category }));
    try {
      const history = await reader.take(4);
      expect(history.map((message) => message.type)).toEqual(['event', 'event', 'event', 'caught-up']);
      const historyEvents = eventsOf(history);
      expect(numbers(historyEvents)).toEqual([1, 2, 3]);
      const caughtUp = history[3];
      if (caughtUp?.type !== 'caught-up') throw new Error('expected caught-up');
      expect(caughtUp.position >= (historyEvents[2]?.globalPosition as bigint)).toBe(true);

      await store().appendToStream(second, [testEvent(4)], { expectedVersion: 1 });
      await store().appendToStream(first, [testEvent(5), testEvent(6)], { expectedVersion: 2 });
      const live = await reader.take(3);
      expect(live.every((message) => message.type === 'event')).toBe(true);
      const liveEvents = eventsOf(live);
      expect(numbers(liveEvents)).toEqual([4, 5, 6]);
      expectIncreasing([...historyEvents, ...liveEvents].map((event) => event.globalPosition));
      expect(liveEvents[0]?.streamName).toBe(second);
      expect(liveEvents[1]?.streamVersion).toBe(3);
    } finally {
      await reader.stop();
    }
  });

  it('filters by category: only streams named <category>-…', async () => {
    const category = uniqueCategory();
    const from = await markNow(store());
    await store().appendToStream(uniqueStream(category), [testEvent(1)], { expectedVersion: 'any' });
    await store().appendToStream(uniqueStream(uniqueCategory()), [testEvent(2)], { expectedVersion: 'any' });
    await store().appendToStream(`${category}x-${uniqueCategory()}`, [testEvent(3)], {
      expectedVersion: 'any',
    });
    await store().appendToStream(`x${category}-${uniqueCategory()}`, [testEvent(4)], {
      expectedVersion: 'any',
    });
    await store().appendToStream(uniqueStream(category), [testEvent(5)], { expectedVersion: 'any' });
    const filtered = readSubscription(store().subscribe({ fromPosition: from, category }));
    try {
      const history = await filtered.take(3);
      expect(history.map((message) => message.type)).toEqual(['event', 'event', 'caught-up']);
      expect(numbers(eventsOf(history))).toEqual([1, 5]);
      await store().appendToStream(uniqueStream(uniqueCategory()), [testEvent(6)], {
        expectedVersion: 'any',
      });
      await store().appendToStream(uniqueStream(category), [testEvent(7)], { expectedVersion: 'any' });
      expect(numbers(eventsOf(await filtered.take(1)))).toEqual([7]);
    } finally {
      await filtered.stop();
    }
  });

  it('resumes from a delivered position with exactly the rest', async () => {
    const category = uniqueCategory();
    const stream = uniqueStream(category);
    const from = await markNow(store());
    await store().appendToStream(
      stream,
      [1, 2, 3, 4, 5].map((n) => testEvent(n)),
      { expectedVersion: 'no_stream' },
    );
    const firstRun = readSubscription(store().subscribe({ fromPosition: from, category }));
    const delivered = eventsOf(await firstRun.take(2));
    await firstRun.stop();
    expect(numbers(delivered)).toEqual([1, 2]);

    const resumed = readSubscription(
      store().subscribe({ fromPosition: delivered[1]?.globalPosition as bigint, category }),
    );
    try {
      const rest = await resumed.take(4);
      expect(rest.map((message) => message.type)).toEqual(['event', 'event', 'event', 'caught-up']);
      expect(numbers(eventsOf(rest))).toEqual([3, 4, 5]);
      await store().appendToStream(stream, [testEvent(6)], { expectedVersion: 5 });
      expect(numbers(eventsOf(await resumed.take(1)))).toEqual([6]);
    } finally {
      await resumed.stop();
    }
  });

  it('loses no event appended while the subscription switches from history to live', async () => {
    const category = uniqueCategory();
    const streams = [uniqueStream(category), uniqueStream(category)];
    const from = await markNow(store());
    await store().appendToStream(streams[0] as string, [testEvent(0)], { expectedVersion: 'no_stream' });
    const reader = readSubscription(store().subscribe({ fromPosition: from, category }));
    try {
      const firstMessage = reader.next();
      const appends = (async () => {
        for (let n = 1; n <= 20; n++)
          await store().appendToStream(streams[n % 2] as string, [testEvent(n)], { expectedVersion: 'any' });
      })();
      const messages = [await firstMessage];
      let events = 1;
      while (events < 21) {
        const message = await reader.next();
        if (message === 'done') throw new Error('subscription ended early');
        messages.push(message);
        if (message.type === 'event') events++;
      }
      await appends;
      const delivered = messages.filter((message) => message !== 'done');
      expect(delivered.filter((message) => message.type === 'caught-up')).toHaveLength(1);
      expect(numbers(eventsOf(delivered))).toEqual(Array.from({ length: 21 }, (_, n) => n));
      expectIncreasing(eventsOf(delivered).map((event) => event.globalPosition));
    } finally {
      await reader.stop();
    }
  });

  it('ends when its signal aborts, also while waiting for live events', async () => {
    const category = uniqueCategory();
    const from = await markNow(store());
    await store().appendToStream(uniqueStream(category), [testEvent(1)], { expectedVersion: 'no_stream' });
    const controller = new AbortController();
    const reader = readSubscription(
      store().subscribe({ fromPosition: from, category, signal: controller.signal }),
    );
    try {
      expect((await reader.take(2)).map((message) => message.type)).toEqual(['event', 'caught-up']);
      const waiting = reader.next();
      controller.abort();
      expect(await waiting).toBe('done');
    } finally {
      await reader.stop();
    }
  });
};
