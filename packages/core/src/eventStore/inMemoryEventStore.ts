import type { EventMetadata } from '../auction/events';
import { type ChunkedArray, chunkedArray, chunkedAt, pushChunked } from '../internal/chunkedArray';
import { type ChunkedNumbers, chunkedNumbers, numberAt, pushNumber } from '../internal/chunkedNumbers';
import { findSlot, type HashIndex, hashIndex, setSlot } from '../internal/hashIndex';
import { InvalidOptionsError } from '../options/invalidOptionsError';
import { createInMemoryProcessorStore } from '../processing/inMemoryProcessorStore';
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
  /**
   * The longest a call may wait for the database, as every store takes it (a positive integer of ms).
   * Default 10 000. Nothing in memory waits: the option is checked and otherwise has no effect.
   */
  readonly timeoutMs?: number;
  /** The clock of processors' leases (epoch ms). Default `Date.now`. */
  readonly leaseClock?: () => number;
}

/**
 * One stream, stored by column: an event is a slot in each column, not an object, so that an append
 * allocates nothing per event that the store keeps besides the slots (the recorded object is made when
 * it is read), and numbers are kept unboxed.
 */
interface Stream {
  readonly name: string;
  readonly types: ChunkedArray<string>;
  readonly datas: ChunkedArray<unknown>;
  readonly eventIds: ChunkedArray<string>;
  /** Global positions (index in the log + 1). */
  readonly positions: ChunkedNumbers;
  readonly recordedAts: ChunkedNumbers;
  /** Index in the columns → metadata, for the events that have some (few do). */
  readonly metadatas: Map<number, EventMetadata>;
  /** eventId → index in the columns. */
  readonly ids: HashIndex;
}

const emptyStream = (name: string): Stream => {
  const eventIds = chunkedArray<string>();
  return {
    name,
    types: chunkedArray(),
    datas: chunkedArray(),
    eventIds,
    positions: chunkedNumbers(),
    recordedAts: chunkedNumbers(),
    metadatas: new Map(),
    ids: hashIndex(eventIds),
  };
};

/** The event at `index` (0-based) of a stream, as readers see it. */
const recordedEventAt = (stream: Stream, index: number): RecordedEvent => {
  const type = chunkedAt(stream.types, index);
  const data = chunkedAt(stream.datas, index);
  const eventId = chunkedAt(stream.eventIds, index);
  const streamName = stream.name;
  const streamVersion = index + 1;
  const globalPosition = BigInt(numberAt(stream.positions, index));
  const at = numberAt(stream.recordedAts, index);
  const metadata = stream.metadatas.size === 0 ? undefined : stream.metadatas.get(index);
  return metadata === undefined
    ? { type, data, eventId, streamName, streamVersion, globalPosition, recordedAt: at }
    : { type, data, metadata, eventId, streamName, streamVersion, globalPosition, recordedAt: at };
};

/**
 * The reference {@link EventStore}: every stream in one process's memory, one global log. Appends are
 * atomic because they run without an `await` between the check and the write. Events are kept by
 * column and each read makes fresh recorded objects, whose `data` and `metadata` are the appended
 * objects themselves (no copy, no freeze: both cost more than the rest of an append): treat them as
 * read-only.
 */
export const getInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): EventStore => {
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw new InvalidOptionsError('timeoutMs', 'options.timeoutMs must be a positive integer');
  const streams = new Map<string, Stream>();
  /** The global log: the event at index i (global position i + 1) is `logIndexes[i]` of `logStreams[i]`. */
  const logStreams = chunkedArray<Stream>();
  const logIndexes = chunkedNumbers();
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
    const length = stream.types.length;
    const end = options.maxCount === undefined ? length : Math.min(length, fromVersion + options.maxCount);
    const events: RecordedEvent[] = [];
    for (let i = fromVersion; i < end; i++) events.push(recordedEventAt(stream, i));
    return { currentVersion: length, streamExists: length > 0, events };
  };

  const appendToStream = async (
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendToStreamOptions,
  ): Promise<AppendResult> => {
    ensureOpen();
    assertAppendToStreamArguments(streamName, events, options);
    const stream = streams.get(streamName) ?? emptyStream(streamName);
    const duplicateOf = checkAppend(streamName, stream, events, options.expectedVersion);
    if (duplicateOf !== -1) {
      return {
        nextExpectedVersion: stream.types.length,
        lastPosition: BigInt(numberAt(stream.positions, duplicateOf)),
        duplicate: true,
      };
    }
    if (!streams.has(streamName)) streams.set(streamName, stream);
    const at = clock();
    for (let i = 0; i < events.length; i++) {
      const { type, data, metadata, eventId = globalThis.crypto.randomUUID() } = events[i] as EventToAppend;
      const index = stream.types.length;
      pushChunked(stream.types, type);
      pushChunked(stream.datas, data);
      pushChunked(stream.eventIds, eventId);
      pushNumber(stream.recordedAts, at);
      if (metadata !== undefined) stream.metadatas.set(index, metadata);
      setSlot(stream.ids, eventId, index);
      pushNumber(stream.positions, logStreams.length + 1);
      pushChunked(logStreams, stream);
      pushNumber(logIndexes, index);
    }
    wakeAll();
    return {
      nextExpectedVersion: stream.types.length,
      lastPosition: BigInt(logStreams.length),
      duplicate: false,
    };
  };

  const subscribe = (options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> => {
    const fromPosition = options.fromPosition ?? 0n;
    const prefix = options.category === undefined ? null : `${options.category}-`;
    const signal = options.signal;
    // Without a category: every stream except system streams (`$…`), as the port says.
    const matches = (streamName: string): boolean =>
      prefix === null ? !streamName.startsWith('$') : streamName.startsWith(prefix);
    /** The event at log index `i` if this subscription wants it (made only then), else null. */
    const matchingEventAt = (i: number): RecordedEvent | null => {
      const stream = chunkedAt(logStreams, i);
      return matches(stream.name) ? recordedEventAt(stream, numberAt(logIndexes, i)) : null;
    };

    return {
      async *[Symbol.asyncIterator]() {
        ensureOpen();
        // Positions are log indexes + 1, so the first event after `fromPosition` is at index fromPosition.
        let next = fromPosition < 0n ? 0 : Number(fromPosition);
        const historyEnd = logStreams.length;
        const onAbort = (): void => wakeAll();
        signal?.addEventListener('abort', onAbort);
        try {
          while (next < historyEnd) {
            if (signal?.aborted || closed) return;
            const event = matchingEventAt(next++);
            if (event !== null) yield { type: 'event', event };
          }
          if (signal?.aborted || closed) return;
          const caughtUp = BigInt(historyEnd) > fromPosition ? BigInt(historyEnd) : fromPosition;
          yield { type: 'caught-up', position: caughtUp };
          // The log is append-only and read by index, so events appended while switching to live are not lost.
          while (true) {
            while (next < logStreams.length) {
              if (signal?.aborted || closed) return;
              const event = matchingEventAt(next++);
              if (event !== null) yield { type: 'event', event };
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

  const processors = createInMemoryProcessorStore({
    ...(options.leaseClock === undefined ? {} : { clock: options.leaseClock }),
    headPosition: () => BigInt(logStreams.length),
    ensureOpen,
  });

  return { readStream, appendToStream, subscribe, processors, timeoutMs, close };
};

/**
 * The store's one concurrency check. Returns the index of the original last event when every id is
 * already in the stream (a retry: write nothing); otherwise checks the expected version, throwing a
 * `VersionConflictError` on mismatch, and returns -1 (write).
 */
const checkAppend = (
  streamName: string,
  stream: Stream,
  events: readonly EventToAppend[],
  expected: ExpectedVersion,
): number => {
  let lastIndex = -1;
  let known = 0;
  for (let i = 0; i < events.length; i++) {
    const id = (events[i] as EventToAppend).eventId;
    if (id === undefined) continue;
    const index = findSlot(stream.ids, id);
    if (index !== -1) {
      known++;
      if (index > lastIndex) lastIndex = index;
    }
  }
  if (known === events.length) return lastIndex;
  assertExpectedVersion(streamName, expected, stream.types.length);
  if (known > 0)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `some but not all of the appended eventIds are already in stream '${streamName}'`,
    );
  return -1;
};
