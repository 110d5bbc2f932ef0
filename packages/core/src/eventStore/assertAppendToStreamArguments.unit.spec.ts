import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertAppendToStreamArguments } from './assertAppendToStreamArguments';
import type { EventToAppend } from './eventStore';

type Call = [streamName: unknown, events: unknown, options: unknown];

const errorOf = ([streamName, events, options]: Call): unknown => {
  try {
    assertAppendToStreamArguments(streamName, events, options);
  } catch (error) {
    return error;
  }
  return undefined;
};

const event = (eventId?: string): EventToAppend =>
  eventId === undefined ? { type: 'BidPlaced', data: {} } : { type: 'BidPlaced', data: {}, eventId };

// ---- valid calls --------------------------------------------------------------------------------------

const validExpectedVersion = fc.oneof(
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom('any', 'no_stream', 'stream_exists'),
);

/** 1 to 8 events with distinct ids, some without one. */
const validEvents: fc.Arbitrary<EventToAppend[]> = fc
  .tuple(
    fc.uniqueArray(fc.option(fc.string({ minLength: 1, maxLength: 200 }), { nil: undefined }), {
      minLength: 1,
      maxLength: 8,
      comparator: (a, b) => a !== undefined && a === b,
    }),
    fc.array(fc.record({ type: fc.string({ minLength: 1 }), data: fc.jsonValue() }), {
      minLength: 8,
      maxLength: 8,
    }),
  )
  .map(([ids, bases]) =>
    ids.map((eventId, index) => {
      const base = bases[index] as EventToAppend;
      return eventId === undefined ? base : { ...base, eventId };
    }),
  );

const validCall = fc.record({
  streamName: fc.string({ minLength: 1 }),
  events: validEvents,
  expectedVersion: validExpectedVersion,
});
type ValidCall = typeof validCall extends fc.Arbitrary<infer T> ? T : never;

// ---- one field broken: the call and the start of the message naming the argument ----------------------

interface Broken {
  readonly call: Call;
  /** The argument the message must name first. */
  readonly names: string;
}

const invalidString = fc.constantFrom<unknown>('', 42, null, undefined, ['a'], {});
const invalidEventId = fc.oneof(
  fc.constantFrom<unknown>('', 42, null, {}),
  fc.string({ minLength: 201, maxLength: 400 }),
);
const invalidExpectedVersion = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double().filter((value) => !Number.isSafeInteger(value)),
  fc.string().filter((value) => !['any', 'no_stream', 'stream_exists'].includes(value)),
  fc.constantFrom<unknown>(null, undefined, 1n, Number.MAX_SAFE_INTEGER + 1),
);

type Breaker = (call: ValidCall) => Broken;

const withEvent = (call: ValidCall, index: number, replacement: unknown): unknown[] =>
  call.events.map((event, at) => (at === index ? replacement : event));

const breakers: fc.Arbitrary<Breaker> = fc.oneof(
  invalidString.map(
    (streamName): Breaker =>
      (call) => ({
        call: [streamName, call.events, { expectedVersion: call.expectedVersion }],
        names: 'streamName',
      }),
  ),
  fc.constantFrom<unknown>([], null, undefined, {}, 'events').map(
    (events): Breaker =>
      (call) => ({
        call: [call.streamName, events, { expectedVersion: call.expectedVersion }],
        names: 'events',
      }),
  ),
  invalidExpectedVersion.map(
    (expectedVersion): Breaker =>
      (call) => ({
        call: [call.streamName, call.events, { expectedVersion }],
        names: 'options.expectedVersion',
      }),
  ),
  fc.constantFrom<unknown>(undefined, null).map(
    (options): Breaker =>
      (call) => ({ call: [call.streamName, call.events, options], names: 'options.expectedVersion' }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom<unknown>(null, undefined, 'BidPlaced', 7)).map(
    ([at, replacement]): Breaker =>
      (call) => {
        const index = at % call.events.length;
        return {
          call: [
            call.streamName,
            withEvent(call, index, replacement),
            { expectedVersion: call.expectedVersion },
          ],
          names: `events[${index}]`,
        };
      },
  ),
  fc.tuple(fc.nat(), invalidString).map(
    ([at, type]): Breaker =>
      (call) => {
        const index = at % call.events.length;
        const broken = { ...call.events[index], type };
        return {
          call: [call.streamName, withEvent(call, index, broken), { expectedVersion: call.expectedVersion }],
          names: `events[${index}].type`,
        };
      },
  ),
  fc.tuple(fc.nat(), invalidEventId).map(
    ([at, eventId]): Breaker =>
      (call) => {
        const index = at % call.events.length;
        const broken = { ...call.events[index], eventId };
        return {
          call: [call.streamName, withEvent(call, index, broken), { expectedVersion: call.expectedVersion }],
          names: `events[${index}].eventId`,
        };
      },
  ),
  fc.string({ minLength: 1, maxLength: 200 }).map(
    (eventId): Breaker =>
      (call) => {
        // The id, given twice: appended once more at the end, and set on the first event.
        const events = [{ ...call.events[0], eventId }, ...call.events.slice(1), event(eventId)];
        return {
          call: [call.streamName, events, { expectedVersion: call.expectedVersion }],
          names: 'events[',
        };
      },
  ),
);

describe('assertAppendToStreamArguments', () => {
  it('accepts any valid call', () => {
    fc.assert(
      fc.property(validCall, ({ streamName, events, expectedVersion }) => {
        assertAppendToStreamArguments(streamName, events, { expectedVersion });
      }),
    );
  });

  it('rejects any call with one argument broken with INVALID_ARGUMENT, naming the argument', () => {
    fc.assert(
      fc.property(validCall, breakers, (valid, breaker) => {
        const { call, names } = breaker(valid);

        const error = errorOf(call);

        expect(error).toMatchObject({ name: 'EventStoreError', code: 'INVALID_ARGUMENT' });
        expect((error as Error).message.startsWith(names)).toBe(true);
      }),
    );
  });

  it.each<[string, Call, string]>([
    [
      'an empty stream name',
      ['', [event()], { expectedVersion: 'any' }],
      'streamName must be a non-empty string',
    ],
    ['no events', ['s', [], { expectedVersion: 'any' }], 'events must be a non-empty array'],
    [
      'a negative expected version',
      ['s', [event()], { expectedVersion: -1 }],
      "options.expectedVersion must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'",
    ],
    [
      'an event that is not an object',
      ['s', [event(), null], { expectedVersion: 'any' }],
      'events[1] must be an object',
    ],
    [
      'an event without a type',
      ['s', [{ data: {} }], { expectedVersion: 'any' }],
      'events[0].type must be a non-empty string',
    ],
    [
      'an event id of 201 characters',
      ['s', [event('x'.repeat(201))], { expectedVersion: 'any' }],
      'events[0].eventId must be a string of 1 to 200 characters',
    ],
    [
      'one id twice',
      ['s', [event('a'), event(), event('a')], { expectedVersion: 'any' }],
      "events[2].eventId 'a' appears twice in one append (also events[0])",
    ],
  ])('rejects %s with a message naming the argument', (_, call, message) => {
    expect(errorOf(call)).toMatchObject({ code: 'INVALID_ARGUMENT', message });
  });

  it('accepts an event id of exactly 200 characters, and events without ids', () => {
    expect(
      errorOf(['s', [event('x'.repeat(200)), event(), event()], { expectedVersion: 0 }]),
    ).toBeUndefined();
  });
});
