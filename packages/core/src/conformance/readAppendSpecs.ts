import { expect, it } from 'vitest';
import { type ConformanceContext, numbers, testEvent, uniqueStream } from './conformanceHelpers';

/** Version numbering, reads, ids, duplicates, round-trips and global positions. */
export const readAppendSpecs = ({ store }: ConformanceContext): void => {
  it('numbers stream versions from 1 and records ids, positions and a timestamp', async () => {
    const stream = uniqueStream();
    const result = await store().appendToStream(stream, [testEvent(1), testEvent(2), testEvent(3)], {
      expectedVersion: 'no_stream',
    });
    const read = await store().readStream(stream);
    expect(read).toMatchObject({ currentVersion: 3, streamExists: true });
    expect(read.events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
    expect(read.events.map((event) => event.streamName)).toEqual([stream, stream, stream]);
    expect(read.events.map((event) => event.type)).toEqual(Array(3).fill('ConformanceTested'));
    expect(result).toEqual({
      nextExpectedVersion: 3,
      lastPosition: read.events[2]?.globalPosition,
      duplicate: false,
    });
    const ids = read.events.map((event) => event.eventId);
    for (const id of ids)
      expect(typeof id === 'string' && id.length > 0, 'a missing id is assigned').toBe(true);
    expect(new Set(ids).size).toBe(3);
    for (const event of read.events) {
      expect(typeof event.globalPosition).toBe('bigint');
      expect(event.globalPosition > 0n).toBe(true);
      expect(Number.isFinite(event.recordedAt) && event.recordedAt > 0).toBe(true);
    }
  });

  it('reads a missing stream as version 0, not existing, with no events', async () => {
    const read = await store().readStream(uniqueStream());
    expect(read).toEqual({ currentVersion: 0, streamExists: false, events: [] });
  });

  it('reads from a version: only the events after it, with the current version', async () => {
    const stream = uniqueStream();
    await store().appendToStream(
      stream,
      [1, 2, 3, 4, 5].map((n) => testEvent(n)),
      { expectedVersion: 0 },
    );
    const fromTwo = await store().readStream(stream, { fromVersion: 2 });
    expect(fromTwo.currentVersion).toBe(5);
    expect(fromTwo.events.map((event) => event.streamVersion)).toEqual([3, 4, 5]);
    expect(numbers(fromTwo.events)).toEqual([3, 4, 5]);
    const fromEnd = await store().readStream(stream, { fromVersion: 5 });
    expect(fromEnd).toMatchObject({ currentVersion: 5, streamExists: true, events: [] });
    expect(numbers((await store().readStream(stream, { fromVersion: 0 })).events)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads a bounded window with maxCount, still reporting the whole stream version', async () => {
    const stream = uniqueStream();
    await store().appendToStream(
      stream,
      [1, 2, 3, 4, 5].map((n) => testEvent(n)),
      { expectedVersion: 0 },
    );
    const window = await store().readStream(stream, { fromVersion: 2, maxCount: 2 });
    expect(window).toMatchObject({ currentVersion: 5, streamExists: true });
    expect(window.events.map((event) => event.streamVersion)).toEqual([3, 4]);
    expect(numbers(window.events)).toEqual([3, 4]);
    const rest = await store().readStream(stream, { fromVersion: 2, maxCount: 10 });
    expect(rest.currentVersion).toBe(5);
    expect(numbers(rest.events)).toEqual([3, 4, 5]);
    const first = await store().readStream(stream, { maxCount: 1 });
    expect(first.currentVersion).toBe(5);
    expect(numbers(first.events)).toEqual([1]);
    const pastEnd = await store().readStream(stream, { fromVersion: 5, maxCount: 3 });
    expect(pastEnd).toMatchObject({ currentVersion: 5, streamExists: true, events: [] });
    const missing = await store().readStream(uniqueStream(), { maxCount: 3 });
    expect(missing).toEqual({ currentVersion: 0, streamExists: false, events: [] });
  });

  it('round-trips nested JSON data, metadata and event ids', async () => {
    const stream = uniqueStream();
    const data = {
      text: 'é ✓ "quoted" \\ \n line',
      integer: 9007199254740991,
      negative: -42,
      fraction: 123.5,
      yes: true,
      no: false,
      nothing: null,
      list: [1, 'two', { three: [3] }, []],
      nested: { deeper: { deepest: { empty: {} } } },
    };
    const metadata = { correlationId: 'c-1', causationId: 'k-9', nested: { tags: ['a', 'b'], n: 7 } };
    await store().appendToStream(
      stream,
      [
        { type: 'Nested', data, metadata, eventId: `${stream}:with-metadata` },
        { type: 'Plain', data: { n: 2 }, eventId: `${stream}:without-metadata` },
      ],
      { expectedVersion: 'no_stream' },
    );
    const [first, second] = (await store().readStream(stream)).events;
    expect(first).toMatchObject({ type: 'Nested', eventId: `${stream}:with-metadata` });
    expect(first?.data).toEqual(data);
    expect(first?.metadata).toEqual(metadata);
    expect(second).toMatchObject({ type: 'Plain', data: { n: 2 }, eventId: `${stream}:without-metadata` });
    expect(second?.metadata).toBeUndefined();
  });

  it('recognises a retry by event ids: same expected version or any, nothing written twice', async () => {
    const stream = uniqueStream();
    const batch = [testEvent(1, { eventId: `${stream}:a` }), testEvent(2, { eventId: `${stream}:b` })];
    const original = await store().appendToStream(stream, batch, { expectedVersion: 'no_stream' });
    expect(original.duplicate).toBe(false);

    const sameExpected = await store().appendToStream(stream, batch, { expectedVersion: 'no_stream' });
    expect(sameExpected).toEqual({
      nextExpectedVersion: 2,
      lastPosition: original.lastPosition,
      duplicate: true,
    });

    await store().appendToStream(stream, [testEvent(3)], { expectedVersion: 2 });
    const afterMore = await store().appendToStream(stream, batch, { expectedVersion: 0 });
    expect(afterMore).toMatchObject({ nextExpectedVersion: 3, duplicate: true });
    const withAny = await store().appendToStream(stream, batch, { expectedVersion: 'any' });
    expect(withAny).toMatchObject({ nextExpectedVersion: 3, duplicate: true });
    const lastOnly = await store().appendToStream(stream, [batch[1] as (typeof batch)[1]], {
      expectedVersion: 1,
    });
    expect(lastOnly).toMatchObject({ nextExpectedVersion: 3, duplicate: true });

    const read = await store().readStream(stream);
    expect(numbers(read.events)).toEqual([1, 2, 3]);
    expect(read.events.map((event) => event.eventId).slice(0, 2)).toEqual([`${stream}:a`, `${stream}:b`]);
  });

  it('keeps event ids per stream: the same id in another stream is a new event', async () => {
    const first = uniqueStream();
    const second = uniqueStream();
    const id = `shared:${first}`;
    await store().appendToStream(first, [testEvent(1, { eventId: id })], { expectedVersion: 'no_stream' });
    const result = await store().appendToStream(second, [testEvent(2, { eventId: id })], {
      expectedVersion: 'no_stream',
    });
    expect(result.duplicate).toBe(false);
    expect(numbers((await store().readStream(second)).events)).toEqual([2]);
  });

  it('gives strictly increasing global positions across streams, in append order', async () => {
    const a = uniqueStream();
    const b = uniqueStream();
    const positions: bigint[] = [];
    const order: Array<[string, number]> = [
      [a, 1],
      [b, 2],
      [a, 3],
      [b, 4],
      [b, 5],
    ];
    for (const [stream, n] of order) {
      const result = await store().appendToStream(stream, [testEvent(n), testEvent(n + 0.5)], {
        expectedVersion: 'any',
      });
      positions.push(result.lastPosition);
    }
    const recorded = [...(await store().readStream(a)).events, ...(await store().readStream(b)).events];
    recorded.sort((x, y) => (x.globalPosition < y.globalPosition ? -1 : 1));
    expect(numbers(recorded)).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5]);
    const all = recorded.map((event) => event.globalPosition);
    for (let i = 1; i < all.length; i++) expect((all[i] as bigint) > (all[i - 1] as bigint)).toBe(true);
    for (let i = 1; i < positions.length; i++)
      expect((positions[i] as bigint) > (positions[i - 1] as bigint)).toBe(true);
  });
};
