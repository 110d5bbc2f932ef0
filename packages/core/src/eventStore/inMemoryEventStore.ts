import { assertAppendToStreamArguments } from './assertAppendToStreamArguments';
import { assertReadStreamArguments } from './assertReadStreamArguments';
import type {
  AppendResult,
  AppendToStreamOptions,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionMessage,
} from './eventStore';
import { EventStoreError } from './eventStoreError';
import { assertExpectedVersion } from './expectedVersion';

/** Options of {@link getInMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** The clock that stamps `recordedAt` (epoch ms). Default `Date.now`. */
  readonly clock?: () => number;
}

interface Stream {
  readonly events: RecordedEvent[];
  /** eventId → index in `events`. */
  readonly ids: Map<string, number>;
}

/**
 * The reference {@link EventStore}: every stream in one process's memory, one global log. Appends are
 * atomic because they run without an `await` between the check and the write. Recorded events keep
 * the appended `data` and `metadata` objects by reference, and hands out the same recorded objects to
 * every reader (no copy, no freeze: both cost more than the rest of an append): treat them as read-only.
 */
export const getInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): EventStore => {
  const clock = options.clock ?? Date.now;
  const streams = new Map<string, Stream>();
  /** The global log: the event at index i has globalPosition i + 1. */
  const log: RecordedEvent[] = [];
  /** Wakes every live subscription after an append or on close. */
  const waiters = new Set<() => void>();
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new EventStoreError('STORE_CLOSED', 'the in-memory event store is closed');
  };

  const wakeAll = (): void => {
    if (waiters.size === 0) return;
    const pending = [...waiters];
    waiters.clear();
    for (const wake of pending) wake();
  };

  const readStream = async (
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<ReadStreamResult> => {
    ensureOpen();
    assertReadStreamArguments(streamName, options);
    const fromVersion = options.fromVersion ?? 0;
    const stream = streams.get(streamName);
    if (stream === undefined) return { currentVersion: 0, streamExists: false, events: [] };
    const end = options.maxCount === undefined ? undefined : fromVersion + options.maxCount;
    return {
      currentVersion: stream.events.length,
      streamExists: stream.events.length > 0,
      events: stream.events.slice(fromVersion, end),
    };
  };

  const appendToStream = async (
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendToStreamOptions,
  ): Promise<AppendResult> => {
    ensureOpen();
    assertAppendToStreamArguments(streamName, events, options);
    const stream = streams.get(streamName) ?? { events: [], ids: new Map<string, number>() };
    const duplicateOf = checkAppend(streamName, stream, events, options.expectedVersion);
    if (duplicateOf !== null) {
      return {
        nextExpectedVersion: stream.events.length,
        lastPosition: duplicateOf.globalPosition,
        duplicate: true,
      };
    }
    if (!streams.has(streamName)) streams.set(streamName, stream);
    const recordedAt = clock();
    let globalPosition = 0n;
    for (let i = 0; i < events.length; i++) {
      const { type, data, metadata, eventId = globalThis.crypto.randomUUID() } = events[i] as EventToAppend;
      const streamVersion = stream.events.length + 1;
      globalPosition = BigInt(log.length + 1);
      const recorded: RecordedEvent =
        metadata === undefined
          ? { type, data, eventId, streamName, streamVersion, globalPosition, recordedAt }
          : { type, data, metadata, eventId, streamName, streamVersion, globalPosition, recordedAt };
      stream.ids.set(eventId, stream.events.length);
      stream.events.push(recorded);
      log.push(recorded);
    }
    wakeAll();
    // The last event's position is the append's: one BigInt less per append.
    return { nextExpectedVersion: stream.events.length, lastPosition: globalPosition, duplicate: false };
  };

  const subscribe = (options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> => {
    const fromPosition = options.fromPosition ?? 0n;
    const prefix = options.category === undefined ? null : `${options.category}-`;
    const signal = options.signal;
    // Without a category: every stream except system streams (`$…`), as the port says.
    const matches = (event: RecordedEvent): boolean =>
      prefix === null ? !event.streamName.startsWith('$') : event.streamName.startsWith(prefix);

    return {
      async *[Symbol.asyncIterator]() {
        ensureOpen();
        // Positions are log indexes + 1, so the first event after `fromPosition` is at index fromPosition.
        let next = fromPosition < 0n ? 0 : Number(fromPosition);
        const historyEnd = log.length;
        const onAbort = (): void => wakeAll();
        signal?.addEventListener('abort', onAbort);
        try {
          while (next < historyEnd) {
            if (signal?.aborted || closed) return;
            const event = log[next++] as RecordedEvent;
            if (matches(event)) yield { type: 'event', event };
          }
          if (signal?.aborted || closed) return;
          const caughtUp = BigInt(historyEnd) > fromPosition ? BigInt(historyEnd) : fromPosition;
          yield { type: 'caught-up', position: caughtUp };
          // The log is append-only and read by index, so events appended while switching to live are not lost.
          while (true) {
            while (next < log.length) {
              if (signal?.aborted || closed) return;
              const event = log[next++] as RecordedEvent;
              if (matches(event)) yield { type: 'event', event };
            }
            if (signal?.aborted || closed) return;
            await new Promise<void>((resolve) => waiters.add(resolve));
          }
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      },
    };
  };

  const close = async (): Promise<void> => {
    closed = true;
    wakeAll();
  };

  return { readStream, appendToStream, subscribe, close };
};

/**
 * The store's one concurrency check. Returns the original last event when every id is already in the
 * stream (a retry: write nothing); otherwise checks the expected version, throwing a
 * `VersionConflictError` on mismatch, and returns null (write).
 */
const checkAppend = (
  streamName: string,
  stream: Stream,
  events: readonly EventToAppend[],
  expected: ExpectedVersion,
): RecordedEvent | null => {
  let lastIndex = -1;
  let known = 0;
  for (const event of events) {
    const id = event.eventId;
    if (id === undefined) continue;
    const index = stream.ids.get(id);
    if (index !== undefined) {
      known++;
      if (index > lastIndex) lastIndex = index;
    }
  }
  if (known === events.length) return stream.events[lastIndex] as RecordedEvent;
  assertExpectedVersion(streamName, expected, stream.events.length);
  if (known > 0)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `some but not all of the appended eventIds are already in stream '${streamName}'`,
    );
  return null;
};
