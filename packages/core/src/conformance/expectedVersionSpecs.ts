import { expect, it } from 'vitest';
import type { EventStore, ExpectedVersion } from '../eventStore/eventStore';
import { type ConformanceContext, numbers, testEvent, uniqueStream } from './conformanceHelpers';

const expectConflict = async (
  store: EventStore,
  stream: string,
  expectedVersion: ExpectedVersion,
  actual: number,
): Promise<void> => {
  const error = await store.appendToStream(stream, [testEvent(99)], { expectedVersion }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `append with expectedVersion ${String(expectedVersion)} should conflict`).toMatchObject({
    code: 'VERSION_CONFLICT',
    expected: expectedVersion,
    actual,
  });
  const after = await store.readStream(stream);
  expect(after.currentVersion, 'a conflicting append writes nothing').toBe(actual);
  expect(numbers(after.events)).not.toContain(99);
};

/** Expected-version semantics of `appendToStream`, each form accepting and conflicting. */
export const expectedVersionSpecs = ({ store }: ConformanceContext): void => {
  it('accepts a numeric expected version equal to the stream version', async () => {
    const stream = uniqueStream();
    const first = await store().appendToStream(stream, [testEvent(1)], { expectedVersion: 0 });
    expect(first.nextExpectedVersion).toBe(1);
    const second = await store().appendToStream(stream, [testEvent(2), testEvent(3)], { expectedVersion: 1 });
    expect(second.nextExpectedVersion).toBe(3);
    expect(second.duplicate).toBe(false);
    expect(numbers((await store().readStream(stream)).events)).toEqual([1, 2, 3]);
  });

  it('rejects a numeric expected version below, above, or on a missing stream', async () => {
    const stream = uniqueStream();
    await expectConflict(store(), stream, 1, 0);
    await store().appendToStream(stream, [testEvent(1), testEvent(2)], { expectedVersion: 0 });
    await expectConflict(store(), stream, 0, 2);
    await expectConflict(store(), stream, 1, 2);
    await expectConflict(store(), stream, 3, 2);
  });

  it("accepts 'no_stream' on a missing stream and rejects it on an existing one", async () => {
    const stream = uniqueStream();
    const result = await store().appendToStream(stream, [testEvent(1)], { expectedVersion: 'no_stream' });
    expect(result.nextExpectedVersion).toBe(1);
    await expectConflict(store(), stream, 'no_stream', 1);
  });

  it("accepts 'stream_exists' on an existing stream and rejects it on a missing one", async () => {
    const stream = uniqueStream();
    await expectConflict(store(), stream, 'stream_exists', 0);
    await store().appendToStream(stream, [testEvent(1)], { expectedVersion: 'no_stream' });
    const result = await store().appendToStream(stream, [testEvent(2)], { expectedVersion: 'stream_exists' });
    expect(result.nextExpectedVersion).toBe(2);
  });

  it("accepts 'any' on a missing and on an existing stream", async () => {
    const stream = uniqueStream();
    const first = await store().appendToStream(stream, [testEvent(1)], { expectedVersion: 'any' });
    expect(first.nextExpectedVersion).toBe(1);
    const second = await store().appendToStream(stream, [testEvent(2)], { expectedVersion: 'any' });
    expect(second.nextExpectedVersion).toBe(2);
    expect(numbers((await store().readStream(stream)).events)).toEqual([1, 2]);
  });

  it('raises a conflict error that names the stream and is an Error', async () => {
    const stream = uniqueStream();
    await store().appendToStream(stream, [testEvent(1)], { expectedVersion: 'no_stream' });
    const error = await store()
      .appendToStream(stream, [testEvent(2)], { expectedVersion: 5 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT', expected: 5, actual: 1 });
    expect((error as Error).message).toContain(stream);
  });
};
