import { randomUUID } from 'node:crypto';
import {
  type AppendResult,
  type AppendToStreamOptions,
  type EventStore,
  EventStoreError,
  type EventToAppend,
  InvalidOptionsError,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RetryOptions,
  resolveRetryOptions,
  retryDelay,
  type SubscribeOptions,
  type SubscriptionMessage,
  sleep,
  VersionConflictError,
} from '@gavel/core';
import { assertAppendToStreamArguments, assertReadStreamArguments } from '@gavel/core/store';
import {
  type AppendOutcome,
  createStoreClient,
  type EventStoreDBClientLike,
  type EventToWrite,
  errorKind,
  type StoreClient,
  type StoredEvent,
} from './client';
import { defaultEventStoreDBRetry } from './esdbRetry';
import { toStoredMetadata } from './eventEnvelope';
import { isCanonicalUuid, toEventUuid } from './eventIds';
import { toExpectedRevision, toVersion } from './expectedRevision';
import { withDeadline } from './failures/withDeadline';
import { createProcessorStore } from './processors/createProcessorStore';
import { subscribeToCategory } from './subscribeToCategory';
import { toRecordedEvent } from './toRecordedEvent';

/** Options shared by both ways of connecting. */
export interface EventStoreDBEventStoreTuning {
  /**
   * Retries of one call after a leader change (at once) or a transient error (after a wait), and the
   * waits of subscription reconnects (which never give up). Default {@link defaultEventStoreDBRetry}: `maxAttempts`
   * 4 (the first included), `initialDelayMs` 100, `maxDelayMs` 5 000, `jitter` `'equal'`.
   */
  readonly retry?: RetryOptions;
  /**
   * The longest a call waits, retries included, in ms: then it rejects with code `TIMEOUT`. Any other
   * failure is an `EventStoreError` too (`UNAVAILABLE` when the server cannot be reached), with the
   * client's error as `cause`. Default 10 000.
   */
  readonly timeoutMs?: number;
  /**
   * The clock of processors' leases (epoch ms). Default `Date.now`: every process sharing the server
   * judges leases by its own clock, so their clocks must be synchronized (NTP); see the adapter docs for
   * the skew leases tolerate.
   */
  readonly leaseClock?: () => number;
}

/**
 * Options of {@link getEventStoreDBEventStore}: a connection string (the store creates the client and
 * disposes of it on `close()`), or a client you own.
 */
export type EventStoreDBEventStoreOptions = (
  | { readonly connectionString: string }
  | { readonly client: EventStoreDBClientLike }
) &
  EventStoreDBEventStoreTuning;

/**
 * The {@link EventStore} of `@gavel/core` over EventStoreDB (KurrentDB), through `@eventstore/db-client`.
 *
 * - Versions are counts of events; EventStoreDB revisions are 0-based: version n = revision n - 1.
 * - Event ids become UUIDs (name-based v5 for non-UUID ids), so a retried append is deduplicated by
 *   EventStoreDB itself; the original id is kept in metadata and read back unchanged.
 * - `globalPosition` is the event's commit position in `$all`.
 * - `subscribe` is a catch-up subscription to `$all`, filtered server-side to `<category>-` streams,
 *   reconnecting with backoff.
 * - `processors` keeps checkpoints, leases and partition state in EventStoreDB streams of its own
 *   (`gavel.processor-…`, never delivered by `subscribe`), written with expected revisions; it has no
 *   `transact` (no transactions across streams): handlers must be idempotent.
 *
 * @example
 * const store = getEventStoreDBEventStore({ connectionString: 'esdb://localhost:2113?tls=false' });
 */
export const getEventStoreDBEventStore = (options: EventStoreDBEventStoreOptions): EventStore => {
  const retry = resolveRetryOptions(options.retry, defaultEventStoreDBRetry);
  const client: StoreClient = createStoreClient(
    'client' in options ? { client: options.client } : { connectionString: options.connectionString },
  );
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw new InvalidOptionsError('timeoutMs', 'options.timeoutMs must be a positive integer');
  const closing = new AbortController();

  const ensureOpen = (): void => {
    if (closing.signal.aborted)
      throw new EventStoreError('STORE_CLOSED', 'the EventStoreDB event store is closed');
  };

  /**
   * Runs `call`, retrying after a leader change (at once: the client has already switched to the leader)
   * or a transient error (after a backoff). Safe for appends because a retry carries the same event ids.
   */
  const withRetry = async <T>(call: () => Promise<T>, onRetry?: () => void): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const kind = errorKind(error);
        if (attempt + 1 >= retry.maxAttempts || (kind !== 'not-leader' && kind !== 'transient')) throw error;
        onRetry?.();
        if (kind === 'transient') await sleep(retryDelay(attempt + 1, retry), closing.signal);
        ensureOpen();
      }
    }
  };

  const currentVersion = async (streamName: string): Promise<number> => {
    const last = await withRetry(() => client.readLast(streamName));
    return last === undefined || last === 'stream-not-found' ? 0 : toVersion(last.revision);
  };

  const readStream = async (
    streamName: string,
    readOptions: ReadStreamOptions = {},
  ): Promise<ReadStreamResult> => {
    ensureOpen();
    assertReadStreamArguments(streamName, readOptions);
    return withDeadline(timeoutMs, 'read', false, () => readChecked(streamName, readOptions));
  };

  const readChecked = async (
    streamName: string,
    readOptions: ReadStreamOptions,
  ): Promise<ReadStreamResult> => {
    const { fromVersion = 0, maxCount } = readOptions;
    const read = await withRetry(() => client.readForwards(streamName, BigInt(fromVersion), maxCount));
    if (read === 'stream-not-found') return { currentVersion: 0, streamExists: false, events: [] };
    const events = read.map(toRecordedEvent);
    const last = events.at(-1);
    // A full window may stop short of the stream's end: its last event is not necessarily the stream's.
    const version =
      last === undefined || events.length === maxCount
        ? Math.max(await currentVersion(streamName), last?.streamVersion ?? 0)
        : last.streamVersion;
    return { currentVersion: version, streamExists: version > 0, events };
  };

  /**
   * When EventStoreDB rejects an append on its expected revision, the append may still be a retry of
   * events already in the stream at other revisions (the port dedupes by id anywhere in the stream):
   * reads the stream and answers `duplicate: true` when every id is there.
   */
  const findRecordedDuplicate = async (
    streamName: string,
    written: readonly EventToWrite[],
  ): Promise<AppendResult | null> => {
    const read = await withRetry(() => client.readForwards(streamName, 0n));
    if (read === 'stream-not-found') return null;
    const byId = new Map<string, StoredEvent>(read.map((event) => [event.id, event]));
    let lastPosition = 0n;
    for (const event of written) {
      const found = byId.get(event.id);
      if (found === undefined) return null;
      if ((found.position ?? 0n) > lastPosition) lastPosition = found.position ?? 0n;
    }
    const last = read.at(-1);
    return {
      nextExpectedVersion: last === undefined ? 0 : toVersion(last.revision),
      lastPosition,
      duplicate: true,
    };
  };

  const appendToStream = async (
    streamName: string,
    events: readonly EventToAppend[],
    appendOptions: AppendToStreamOptions,
  ): Promise<AppendResult> => {
    ensureOpen();
    assertAppendToStreamArguments(streamName, events, appendOptions);
    return withDeadline(timeoutMs, 'append', true, () => appendChecked(streamName, events, appendOptions));
  };

  const appendChecked = async (
    streamName: string,
    events: readonly EventToAppend[],
    appendOptions: AppendToStreamOptions,
  ): Promise<AppendResult> => {
    const { expectedVersion } = appendOptions;
    const appendId = randomUUID();
    const written: EventToWrite[] = events.map((event) => {
      const id = toEventUuid(streamName, event.eventId);
      const keepId = event.eventId !== undefined && !isCanonicalUuid(event.eventId);
      return {
        id,
        type: event.type,
        data: event.data ?? null,
        metadata: toStoredMetadata(event.metadata, {
          appendId,
          ...(keepId ? { eventId: event.eventId } : {}),
        }),
      };
    });
    const mayBeRetry = events.some((event) => event.eventId !== undefined);
    let retried = false;
    let outcome: AppendOutcome;
    try {
      outcome = await withRetry(
        () => client.append(streamName, written, toExpectedRevision(expectedVersion)),
        () => {
          retried = true;
        },
      );
    } catch (error) {
      if (errorKind(error) === 'invalid-transaction')
        throw new EventStoreError(
          'INVALID_ARGUMENT',
          `some but not all of the appended eventIds are already in stream '${streamName}'`,
          { cause: error },
        );
      throw error;
    }

    if (outcome.kind === 'wrong-expected-version') {
      if (events.every((event) => event.eventId !== undefined)) {
        const duplicate = await findRecordedDuplicate(streamName, written);
        if (duplicate !== null) return duplicate;
      }
      const actual =
        outcome.actual === undefined ? await currentVersion(streamName) : toVersion(outcome.actual);
      throw new VersionConflictError(streamName, expectedVersion, actual);
    }

    const nextExpectedVersion = toVersion(outcome.revision);
    if (!mayBeRetry && !retried && outcome.position !== undefined)
      return { nextExpectedVersion, lastPosition: outcome.position, duplicate: false };

    // EventStoreDB answers a replayed append (idempotent write) exactly like the original: read the last
    // event it reports and tell ours (this call's appendId) from the original's.
    const [last] = await readAt(streamName, outcome.revision);
    if (last === undefined)
      return { nextExpectedVersion, lastPosition: outcome.position ?? 0n, duplicate: false };
    const lastPosition = last.position ?? outcome.position ?? 0n;
    const ours =
      (last.metadata as { $gavel?: { appendId?: unknown } } | undefined)?.$gavel?.appendId === appendId;
    if (ours) return { nextExpectedVersion, lastPosition, duplicate: false };
    return { nextExpectedVersion: await currentVersion(streamName), lastPosition, duplicate: true };
  };

  const readAt = async (streamName: string, revision: bigint): Promise<StoredEvent[]> => {
    const read = await withRetry(() => client.readForwards(streamName, revision, 1));
    return read === 'stream-not-found' ? [] : read;
  };

  const subscribe = (subscribeOptions?: SubscribeOptions): AsyncIterable<SubscriptionMessage> => {
    ensureOpen();
    return subscribeToCategory(
      {
        client,
        closed: closing.signal,
        retry,
      },
      subscribeOptions,
    );
  };

  const close = async (): Promise<void> => {
    if (closing.signal.aborted) return;
    closing.abort();
    await client.dispose();
  };

  const processors = createProcessorStore({
    client,
    clock: options.leaseClock ?? Date.now,
    withRetry: (request) => withRetry(request),
    ensureOpen,
    timeoutMs,
  });

  return { readStream, appendToStream, subscribe, processors, timeoutMs, close };
};
