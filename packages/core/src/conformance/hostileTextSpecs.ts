import { expect, it } from 'vitest';
import type { EventToAppend } from '../eventStore/eventStore';
import { isEventStoreError } from '../eventStore/eventStoreError';
import { type ConformanceContext, numbers, testEvent, uniqueStream } from './conformanceHelpers';

/**
 * Strings every store must keep exactly, character for character: control characters (C0 but U+0000,
 * DEL, C1), separators, noncharacters, the replacement character, surrogate pairs, combining forms
 * that normalise alike, and long text of 3-byte and 4-byte characters.
 */
export const KEPT_STRINGS: readonly string[] = [
  '\u0001\u0002\t\n\r\u001b\u001f',
  '\u007f\u0080\u0085\u009b\u009f',
  '\u2028\u2029\u202e\u200b\ufeff',
  '\ufffd',
  '\uffff\ufffe',
  '😀👩‍👩‍👧‍👦',
  '\u00e9',
  'e\u0301',
  `"'\\\`\${}%_*?[]<>&;|`,
  '€'.repeat(150),
  '𝄞'.repeat(100),
];

/** Strings no store can keep exactly (PostgreSQL holds no U+0000; UTF-8 stores no lone surrogate). */
export const REFUSED_STRINGS: readonly (readonly [string, string])[] = [
  ['U+0000', '\u0000'],
  ['U+0000 inside', 'bid\u0000x'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
  ['a high surrogate at the end', 'bid\udbff'],
  ['a reversed pair', '\udc00\ud800'],
];

const rejection = (call: () => Promise<unknown>): Promise<unknown> =>
  call().then(
    () => undefined,
    (error: unknown) => error,
  );

const expectInvalid = async (what: string, call: () => Promise<unknown>): Promise<void> => {
  const error = await rejection(call);
  expect(error, `${what}: rejects with INVALID_ARGUMENT`).toMatchObject({ code: 'INVALID_ARGUMENT' });
  expect(isEventStoreError(error), `${what}: an EventStoreError`).toBe(true);
  expect((error as Error).message.length, `${what}: a short message`).toBeLessThan(300);
};

/** Where a hostile string can go in an append, as a function of the string and the test's stream. */
const PLACES: ReadonlyArray<
  readonly [string, (text: string, stream: string) => readonly [string, EventToAppend]]
> = [
  ['the stream name', (text, stream) => [`${stream}${text}`, testEvent(1)]],
  ['the type', (text, stream) => [stream, { type: `T${text}`, data: { n: 1 } }]],
  ['the event id', (text, stream) => [stream, testEvent(1, { eventId: `id${text}` })]],
  ['a data value', (text, stream) => [stream, { type: 'T', data: { n: 1, text } }]],
  ['a data key', (text, stream) => [stream, { type: 'T', data: { n: 1, [`k${text}`]: 1 } }]],
  [
    'a nested data value',
    (text, stream) => [stream, { type: 'T', data: { n: 1, list: [{ deep: [text] }] } }],
  ],
  ['a metadata value', (text, stream) => [stream, testEvent(1, { metadata: { correlationId: text } })]],
];

/**
 * Hostile text: every store keeps the same strings exactly and refuses the same others with
 * `INVALID_ARGUMENT`, writing nothing, so that no two distinct ids collide in one store and are
 * distinct in another.
 */
export const hostileTextSpecs = ({ store }: ConformanceContext): void => {
  it('keeps control characters, separators, pairs and long text exactly, wherever they are', async () => {
    const stream = uniqueStream();
    for (const [k, text] of KEPT_STRINGS.entries()) {
      const name = `${stream}-${k}${text}`;
      const event: EventToAppend = {
        type: `T${text}`,
        data: { text, [`k${text}`]: [text], n: k },
        metadata: { correlationId: text },
        eventId: `i${text.slice(0, 198)}`,
      };
      await store().appendToStream(name, [event], { expectedVersion: 'no_stream' });
      const read = await store().readStream(name);
      expect(read.events, `string ${k}`).toHaveLength(1);
      const [recorded] = read.events;
      expect(recorded?.streamName === name, `string ${k}: the stream name`).toBe(true);
      expect(recorded?.type === event.type, `string ${k}: the type`).toBe(true);
      expect(recorded?.eventId === event.eventId, `string ${k}: the event id`).toBe(true);
      expect(recorded?.data, `string ${k}: the data`).toEqual(event.data);
      expect(recorded?.metadata, `string ${k}: the metadata`).toEqual(event.metadata);
    }
  });

  it('keeps ids apart that normalise or encode alike: é and e + combining accent, U+FFFD', async () => {
    const stream = uniqueStream();
    const ids = ['\u00e9', 'e\u0301', '\ufffd', '\ufffd\ufffd', '\u0085', '\u2026'];
    for (const [n, id] of ids.entries()) {
      const result = await store().appendToStream(stream, [testEvent(n, { eventId: id })], {
        expectedVersion: n,
      });
      expect(result.duplicate, `id ${n} is a new event`).toBe(false);
    }
    const read = await store().readStream(stream);
    expect(read.events.map((event) => event.eventId)).toEqual(ids);
    expect(numbers(read.events)).toEqual(ids.map((_, n) => n));
  });

  it('keeps a stream name of 500 three-byte characters and an event id of 200, refuses 501', async () => {
    const stream = uniqueStream();
    const name = `${stream}-${'€'.repeat(500 - stream.length - 1)}`;
    expect(name).toHaveLength(500);
    const eventId = '€'.repeat(200);
    await store().appendToStream(name, [testEvent(1, { eventId })], { expectedVersion: 'no_stream' });
    const read = await store().readStream(name);
    expect(read.events.map((event) => event.eventId === eventId)).toEqual([true]);
    await expectInvalid('a stream name of 501 characters', () =>
      store().appendToStream(`${name}x`, [testEvent(2)], { expectedVersion: 'any' }),
    );
    await expectInvalid('a read of a stream name of 501 characters', () => store().readStream(`${name}x`));
  });

  it('keeps 100 KB of text in data exactly', async () => {
    const stream = uniqueStream();
    const text = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(1 + (i % 0xd7fe))).join('');
    await store().appendToStream(stream, [{ type: 'T', data: { text } }], { expectedVersion: 'no_stream' });
    const [recorded] = (await store().readStream(stream)).events;
    expect((recorded?.data as { text?: string } | undefined)?.text === text).toBe(true);
  });

  it('refuses U+0000 and lone surrogates anywhere in an append with INVALID_ARGUMENT, writing nothing', async () => {
    const stream = uniqueStream();
    await store().appendToStream(stream, [testEvent(0, { eventId: 'first' })], {
      expectedVersion: 'no_stream',
    });
    for (const [what, text] of REFUSED_STRINGS)
      for (const [place, build] of PLACES) {
        const [name, event] = build(text, stream);
        await expectInvalid(`${what} in ${place}`, () =>
          store().appendToStream(name, [event], { expectedVersion: 'any' }),
        );
        // In a second event of the append too: nothing of the first is written either.
        await expectInvalid(`${what} in ${place} of a second event`, () =>
          store().appendToStream(name, [testEvent(2), event], { expectedVersion: 'any' }),
        );
      }
    const read = await store().readStream(stream);
    expect(read.currentVersion).toBe(1);
    expect(numbers(read.events)).toEqual([0]);
  });

  it('refuses to read a stream name no append could have used, rather than read another', async () => {
    const stream = uniqueStream();
    // A store that turned lone surrogates into U+FFFD would read this stream for `${stream}\ud800`.
    await store().appendToStream(`${stream}\ufffd`, [testEvent(1)], { expectedVersion: 'no_stream' });
    for (const [what, text] of REFUSED_STRINGS)
      await expectInvalid(`a read of a stream name with ${what}`, () =>
        store().readStream(`${stream}${text}`),
      );
  });

  it('refuses non-finite numbers in data, which JSON cannot hold', async () => {
    const stream = uniqueStream();
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      await expectInvalid(`data ${value}`, () =>
        store().appendToStream(stream, [{ type: 'T', data: { value } }], { expectedVersion: 'any' }),
      );
    expect((await store().readStream(stream)).currentVersion).toBe(0);
  });
};
