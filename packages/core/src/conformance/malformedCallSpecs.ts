import { expect, it } from 'vitest';
import type { AppendToStreamOptions, EventStore, EventToAppend } from '../eventStore/eventStore';
import { isEventStoreError } from '../eventStore/eventStoreError';
import { type ConformanceContext, numbers, testEvent, uniqueStream } from './conformanceHelpers';

const rejection = (call: () => Promise<unknown>): Promise<unknown> =>
  call().then(
    () => undefined,
    (error: unknown) => error,
  );

const expectInvalidArgument = async (
  store: EventStore,
  what: string,
  stream: string,
  events: readonly EventToAppend[],
  options: AppendToStreamOptions,
): Promise<void> => {
  const error = await rejection(() => store.appendToStream(stream, events, options));
  expect(error, `${what}: rejects`).toBeInstanceOf(Error);
  expect(error, `${what}: an EventStoreError with code INVALID_ARGUMENT`).toMatchObject({
    code: 'INVALID_ARGUMENT',
  });
  expect(isEventStoreError(error)).toBe(true);
};

/** Malformed calls reject with `EventStoreError` code `INVALID_ARGUMENT` and write nothing. */
export const malformedCallSpecs = ({ store }: ConformanceContext): void => {
  it('rejects a malformed append with INVALID_ARGUMENT and writes nothing', async () => {
    const stream = uniqueStream();
    const id = `${stream}:x`;
    const malformed: ReadonlyArray<[string, readonly EventToAppend[], AppendToStreamOptions]> = [
      ['no events', [], { expectedVersion: 'any' }],
      ['a negative expected version', [testEvent(1)], { expectedVersion: -1 }],
      ['a fractional expected version', [testEvent(1)], { expectedVersion: 1.5 }],
      ['an unknown expected version', [testEvent(1)], { expectedVersion: 'latest' as never }],
      ['an event without a type', [{ data: { n: 1 } } as never], { expectedVersion: 'any' }],
      [
        'an event id of 201 characters',
        [testEvent(1, { eventId: 'x'.repeat(201) })],
        { expectedVersion: 'any' },
      ],
      [
        'one event id twice',
        [testEvent(1, { eventId: id }), testEvent(2, { eventId: id })],
        { expectedVersion: 'no_stream' },
      ],
    ];
    for (const [what, events, options] of malformed)
      await expectInvalidArgument(store(), what, stream, events, options);
    await expectInvalidArgument(store(), 'an empty stream name', '', [testEvent(1)], {
      expectedVersion: 'any',
    });
    expect(await store().readStream(stream)).toEqual({ currentVersion: 0, streamExists: false, events: [] });
  });

  it('rejects an append of which only some event ids are in the stream, and writes none of it', async () => {
    const stream = uniqueStream();
    const known = testEvent(1, { eventId: `${stream}:a` });
    await store().appendToStream(stream, [known], { expectedVersion: 'no_stream' });

    // A retry of the first append grown by a new event: the ids already there come first.
    await expectInvalidArgument(
      store(),
      'a partial duplicate',
      stream,
      [known, testEvent(2, { eventId: `${stream}:b` })],
      { expectedVersion: 'any' },
    );

    const read = await store().readStream(stream);
    expect(read.currentVersion).toBe(1);
    expect(numbers(read.events)).toEqual([1]);
  });

  it('rejects a read from a negative or fractional version with INVALID_ARGUMENT', async () => {
    const stream = uniqueStream();
    for (const fromVersion of [-1, 1.5]) {
      const error = await rejection(() => store().readStream(stream, { fromVersion }));
      expect(error, `fromVersion ${fromVersion}`).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(isEventStoreError(error)).toBe(true);
    }
  });

  it('rejects a read with a zero, negative or fractional maxCount with INVALID_ARGUMENT', async () => {
    const stream = uniqueStream();
    await store().appendToStream(stream, [testEvent(1)], { expectedVersion: 'no_stream' });
    for (const maxCount of [0, -1, 1.5]) {
      const error = await rejection(() => store().readStream(stream, { maxCount }));
      expect(error, `maxCount ${maxCount}`).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect((error as Error).message, `maxCount ${maxCount}: names it`).toMatch(/maxCount/);
      expect(isEventStoreError(error)).toBe(true);
    }
  });
};
