import { type EventStore, InvalidOptionsError, type RetryOptions, resolveRetryOptions } from '@gavel/core';
import { appendEvents } from './appending/appendEvents';
import { createStoreClient } from './client/createStoreClient';
import type { EventStoreDBClientLike } from './client/eventStoreDBClientLike';
import { defaultEventStoreDBRetry } from './esdbRetry';
import { createProcessorStore } from './processors/createProcessorStore';
import { readStreamEvents } from './reading/readStreamEvents';
import { createStoreContext } from './storeContext';
import { subscribeToCategory } from './subscribing/subscribeToCategory';

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
 * disposes of it on `close()`), or a client you own (`EventStoreDBClient` of `@eventstore/db-client` or
 * `KurrentDBClient` of `@kurrent/kurrentdb-client`).
 *
 * A connection string `esdb://…` or `esdb+discover://…` uses whichever client package is installed
 * (`@eventstore/db-client` when both are); `kurrentdb://…` or `kurrentdb+discover://…` needs
 * `@kurrent/kurrentdb-client`. The package is loaded at the store's first call, which rejects with a
 * `ClientPackageMissingError` when it is not installed.
 */
export type EventStoreDBEventStoreOptions = (
  | { readonly connectionString: string }
  | { readonly client: EventStoreDBClientLike }
) &
  EventStoreDBEventStoreTuning;

/**
 * The {@link EventStore} of `@gavel/core` over EventStoreDB (KurrentDB), through `@eventstore/db-client`
 * or `@kurrent/kurrentdb-client`.
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
 * Throws an `InvalidOptionsError` for a connection string of another scheme, a `timeoutMs` that is not
 * a positive integer or a malformed `retry`.
 *
 * @example
 * const store = getEventStoreDBEventStore({ connectionString: 'kurrentdb://localhost:2113?tls=false' });
 */
export const getEventStoreDBEventStore = (options: EventStoreDBEventStoreOptions): EventStore => {
  const retry = resolveRetryOptions(options.retry, defaultEventStoreDBRetry);
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw new InvalidOptionsError('timeoutMs', 'options.timeoutMs must be a positive integer');
  const client = createStoreClient(
    'client' in options ? { client: options.client } : { connectionString: options.connectionString },
  );
  const closing = new AbortController();
  const context = createStoreContext({
    client,
    timeoutMs,
    retry,
    closed: closing.signal,
  });

  return {
    readStream: (streamName, readOptions) => readStreamEvents(context, streamName, readOptions),
    appendToStream: (streamName, events, appendOptions) =>
      appendEvents(context, streamName, events, appendOptions),
    subscribe: (subscribeOptions) => {
      context.ensureOpen();
      return subscribeToCategory(
        {
          client,
          closed: closing.signal,
          retry,
        },
        subscribeOptions,
      );
    },
    processors: createProcessorStore({
      client,
      clock: options.leaseClock ?? Date.now,
      withRetry: (request) => context.withRetry(request),
      ensureOpen: context.ensureOpen,
      timeoutMs,
    }),
    timeoutMs,
    close: async () => {
      if (closing.signal.aborted) return;
      closing.abort();
      await client.dispose();
    },
  };
};
