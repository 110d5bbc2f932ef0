import { expect, it } from 'vitest';
import type { ExpectedVersion } from '../eventStore/eventStore';
import { type ConformanceContext, numbers, testEvent, uniqueStream } from './conformanceHelpers';

const RACERS = 20;

/** Racing writers: exactly one wins a version; writers to different streams never conflict. */
export const concurrencySpecs = ({ store }: ConformanceContext): void => {
  const race = async (stream: string, expectedVersion: ExpectedVersion) => {
    const settled = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, n) =>
        store().appendToStream(stream, [testEvent(100 + n), testEvent(200 + n)], { expectedVersion }),
      ),
    );
    const winners = settled.flatMap((result, n) => (result.status === 'fulfilled' ? [n] : []));
    const losers = settled.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    return { winners, losers };
  };

  it(`lets exactly one of ${RACERS} racing appends at the same version win`, async () => {
    const stream = uniqueStream();
    await store().appendToStream(stream, [testEvent(1)], { expectedVersion: 'no_stream' });
    const { winners, losers } = await race(stream, 1);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(RACERS - 1);
    for (const error of losers) expect(error).toMatchObject({ code: 'VERSION_CONFLICT', expected: 1 });
    const read = await store().readStream(stream);
    const winner = winners[0] as number;
    expect(read.currentVersion).toBe(3);
    expect(numbers(read.events)).toEqual([1, 100 + winner, 200 + winner]);
  });

  it(`lets exactly one of ${RACERS} racing 'no_stream' appends create the stream`, async () => {
    const stream = uniqueStream();
    const { winners, losers } = await race(stream, 'no_stream');
    expect(winners).toHaveLength(1);
    for (const error of losers)
      expect(error).toMatchObject({ code: 'VERSION_CONFLICT', expected: 'no_stream' });
    const winner = winners[0] as number;
    expect(numbers((await store().readStream(stream)).events)).toEqual([100 + winner, 200 + winner]);
  });

  it('lets concurrent appends to different streams all succeed, at distinct positions', async () => {
    const streams = Array.from({ length: RACERS }, () => uniqueStream());
    const results = await Promise.all(
      streams.map((stream, n) =>
        store().appendToStream(stream, [testEvent(n)], { expectedVersion: 'no_stream' }),
      ),
    );
    expect(results.every((result) => result.nextExpectedVersion === 1 && !result.duplicate)).toBe(true);
    expect(new Set(results.map((result) => result.lastPosition)).size).toBe(RACERS);
    for (const [n, stream] of streams.entries())
      expect(numbers((await store().readStream(stream)).events)).toEqual([n]);
  });
};
