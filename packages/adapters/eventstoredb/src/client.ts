/**
 * Every use of `@eventstore/db-client` in the adapter, behind one small interface ({@link StoreClient}).
 * `@kurrent/kurrentdb-client` renames the append option `expectedRevision` to `streamState` and the
 * fields of its wrong-expected-version error; the calls, constants and error `type` strings stay. This
 * file already sends both option names and reads either error field, so supporting that client fully
 * is a change here only (its class and connection-string scheme `kurrentdb://`).
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  type JSONType,
  jsonEvent,
  type Position,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import type { ExpectedRevision } from './expectedRevision';
import { USER_STREAMS_PATTERN } from './internalStreams';

/**
 * An event's data as the client's `jsonEvent` takes it. Gavel's data is any JSON value, which the client
 * writes alike; its type names only objects, arrays and strings.
 */
const jsonData = (data: unknown): JSONType => data as JSONType;

type AppendOptions = NonNullable<Parameters<EventStoreDBClient['appendToStream']>[2]>;

/** The EventStoreDB client this adapter drives (from `@eventstore/db-client`). */
export type EventStoreDBClientLike = EventStoreDBClient;

/** An event to write: EventStoreDB's UUID, type, JSON data and JSON metadata. */
export interface EventToWrite {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

/** An event as read from EventStoreDB, reduced to what the adapter needs. */
export interface StoredEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  /** The event's commit position in the log; see the adapter docs for why commit. */
  readonly position: bigint | undefined;
  readonly createdAt: number;
}

/** What an append did. */
export type AppendOutcome =
  | { readonly kind: 'written'; readonly revision: bigint; readonly position: bigint | undefined }
  | { readonly kind: 'wrong-expected-version'; readonly actual: bigint | 'no_stream' | undefined };

/** Messages of a subscription to `$all`, pushed as they arrive. */
export type AllSubscriptionMessage =
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'checkpoint'; readonly position: bigint }
  | { readonly kind: 'caught-up' }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'ended' };

/** The handful of client calls the adapter makes. */
export interface StoreClient {
  /** Appends atomically at an expected revision. */
  append(
    streamName: string,
    events: readonly EventToWrite[],
    expected: ExpectedRevision,
  ): Promise<AppendOutcome>;
  /** Reads forwards from a revision (inclusive); `'stream-not-found'` when the stream does not exist. */
  readForwards(
    streamName: string,
    fromRevision: bigint,
    maxCount?: number,
  ): Promise<StoredEvent[] | 'stream-not-found'>;
  /**
   * Reads backwards from a revision (inclusive; undefined = the stream's end), at most `maxCount`
   * events; `'stream-not-found'` when the stream does not exist.
   */
  readBackwards(
    streamName: string,
    fromRevision: bigint | undefined,
    maxCount: number,
  ): Promise<StoredEvent[] | 'stream-not-found'>;
  /** The stream's last event, `'stream-not-found'` when it does not exist. */
  readLast(streamName: string): Promise<StoredEvent | 'stream-not-found' | undefined>;
  /**
   * Replaces the stream's metadata (`$maxCount`, `$tb`): a `$metadata` event in `$$<stream>`, which
   * EventStoreDB keeps one event of. The stream need not exist yet.
   */
  setStreamMetadata(
    streamName: string,
    metadata: { readonly maxCount?: number; readonly truncateBefore?: number },
  ): Promise<void>;
  /** The commit position of the last event in `$all` (read on the leader), undefined when the store is empty. */
  readAllHead(): Promise<bigint | undefined>;
  /**
   * Subscribes to `$all` after a position (exclusive; undefined = from the start), to streams starting
   * with `prefix`, or without one to every stream but system streams (`$…`) and the adapter's own
   * (processors' bookkeeping, see `internalStreams.ts`).
   */
  subscribeToAll(
    options: { readonly fromPosition: bigint | undefined; readonly prefix: string | undefined },
    push: (message: AllSubscriptionMessage) => void,
  ): { readonly stop: () => Promise<void>; readonly pause: () => void; readonly resume: () => void };
  /** Releases the client if the adapter created it. */
  dispose(): Promise<void>;
}

/** How the adapter treats a client error. */
export type ErrorKind =
  | 'wrong-expected-version'
  | 'stream-not-found'
  | 'not-leader'
  | 'transient'
  | 'invalid-transaction'
  | 'other';

const TRANSIENT = new Set(['unavailable', 'deadline-exceeded', 'cancelled', 'timeout', 'unknown']);

/** Classifies an error by the client's `type` string (robust across copies of the client package). */
export const errorKind = (error: unknown): ErrorKind => {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  switch (type) {
    case 'wrong-expected-version':
      return 'wrong-expected-version';
    case 'stream-not-found':
      return 'stream-not-found';
    case 'not-leader':
      return 'not-leader';
    case 'invalid-transaction':
      return 'invalid-transaction';
    default:
      return typeof type === 'string' && TRANSIENT.has(type) ? 'transient' : 'other';
  }
};

/** The actual revision carried by a `WrongExpectedVersionError` (`"no_stream"` when the stream is missing). */
const actualOf = (error: unknown): bigint | 'no_stream' | undefined => {
  const fields = error as { actualVersion?: unknown; actualState?: unknown; actualRevision?: unknown };
  const actual = fields.actualVersion ?? fields.actualState ?? fields.actualRevision;
  if (typeof actual === 'bigint') return actual;
  if (actual === 'no_stream') return 'no_stream';
  return undefined;
};

interface ClientRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly created: Date | number;
  readonly position?: Position;
}

const toStoredEvent = (event: ClientRecordedEvent): StoredEvent => ({
  streamName: event.streamId,
  revision: event.revision,
  id: event.id,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  position: event.position?.commit,
  createdAt: event.created instanceof Date ? event.created.getTime() : Number(event.created),
});

const collect = async (read: AsyncIterable<{ event?: unknown }>): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const resolved of read) {
    if (resolved.event !== undefined) events.push(toStoredEvent(resolved.event as ClientRecordedEvent));
  }
  return events;
};

/** Options of {@link createStoreClient}. */
export type StoreClientSource =
  | { readonly connectionString: string }
  | { readonly client: EventStoreDBClientLike };

/** Wraps a client (given, or created from a connection string and then owned and disposed). */
export const createStoreClient = (source: StoreClientSource): StoreClient => {
  const owned = 'connectionString' in source;
  const client = owned ? EventStoreDBClient.connectionString(source.connectionString) : source.client;
  const leader = { requiresLeader: true } as const;

  const append: StoreClient['append'] = async (streamName, events, expected) => {
    try {
      const result = await client.appendToStream(
        streamName,
        events.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: jsonData(event.data),
            metadata: event.metadata,
          }),
        ),
        // `streamState` is the same option in @kurrent/kurrentdb-client; each client ignores the other's.
        { expectedRevision: expected, streamState: expected, ...leader } as AppendOptions,
      );
      if (!result.success) {
        // Only with `throwOnAppendFailure: false`; some client paths then misreport the revision.
        return { kind: 'wrong-expected-version', actual: undefined };
      }
      return { kind: 'written', revision: result.nextExpectedRevision, position: result.position?.commit };
    } catch (error) {
      if (errorKind(error) === 'wrong-expected-version')
        return { kind: 'wrong-expected-version', actual: actualOf(error) };
      throw error;
    }
  };

  const readForwards: StoreClient['readForwards'] = async (streamName, fromRevision, maxCount) => {
    try {
      return await collect(
        client.readStream(streamName, {
          fromRevision: fromRevision === 0n ? START : fromRevision,
          direction: FORWARDS,
          ...(maxCount === undefined ? {} : { maxCount }),
          ...leader,
        }),
      );
    } catch (error) {
      if (errorKind(error) === 'stream-not-found') return 'stream-not-found';
      throw error;
    }
  };

  const readBackwards: StoreClient['readBackwards'] = async (streamName, fromRevision, maxCount) => {
    try {
      return await collect(
        client.readStream(streamName, {
          fromRevision: fromRevision ?? END,
          direction: BACKWARDS,
          maxCount,
          ...leader,
        }),
      );
    } catch (error) {
      if (errorKind(error) === 'stream-not-found') return 'stream-not-found';
      throw error;
    }
  };

  const readLast: StoreClient['readLast'] = async (streamName) => {
    const read = await readBackwards(streamName, undefined, 1);
    return read === 'stream-not-found' ? read : read[0];
  };

  const setStreamMetadata: StoreClient['setStreamMetadata'] = async (streamName, metadata) => {
    await client.setStreamMetadata(streamName, metadata, leader);
  };

  const readAllHead: StoreClient['readAllHead'] = async () => {
    const [last] = await collect(
      client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, ...leader }),
    );
    return last?.position;
  };

  const subscribeToAll: StoreClient['subscribeToAll'] = ({ fromPosition, prefix }, push) => {
    const checkpoint = {
      checkpointInterval: 1,
      checkpointReached: async (_subscription: unknown, position: Position) =>
        push({ kind: 'checkpoint', position: position.commit }),
    };
    const filter =
      prefix === undefined
        ? streamNameFilter({ regex: USER_STREAMS_PATTERN, ...checkpoint })
        : streamNameFilter({ prefixes: [prefix], ...checkpoint });
    const subscription = client.subscribeToAll({
      fromPosition: fromPosition === undefined ? START : { commit: fromPosition, prepare: fromPosition },
      filter,
    });
    subscription.on('confirmation', () => push({ kind: 'confirmed' }));
    subscription.on('caughtUp', () => push({ kind: 'caught-up' }));
    subscription.on('data', (resolved: { event?: unknown }) => {
      if (resolved.event !== undefined)
        push({ kind: 'event', event: toStoredEvent(resolved.event as ClientRecordedEvent) });
    });
    subscription.on('error', (error: unknown) => push({ kind: 'error', error }));
    subscription.on('end', () => push({ kind: 'ended' }));
    return {
      stop: async () => {
        subscription.removeAllListeners('data');
        await subscription.unsubscribe();
      },
      pause: () => subscription.pause(),
      resume: () => subscription.resume(),
    };
  };

  const dispose = async (): Promise<void> => {
    if (owned) await client.dispose();
  };

  return {
    append,
    readForwards,
    readBackwards,
    readLast,
    setStreamMetadata,
    readAllHead,
    subscribeToAll,
    dispose,
  };
};
