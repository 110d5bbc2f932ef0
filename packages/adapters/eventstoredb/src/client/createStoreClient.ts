import { USER_STREAMS_PATTERN } from '../internalStreams';
import { clientPackagesFor, connectClient } from './connectClient';
import { errorKind } from './errorKind';
import type {
  ClientAppendOptions,
  ClientJsonEvent,
  ClientRecordedEvent,
  ClientResolvedEvent,
  ClientStreamNameFilter,
  ClientSubscription,
  EventStoreDBClientLike,
} from './eventStoreDBClientLike';
import type { AllSubscriptionHandle, StoreClient, StoredEvent } from './storeClient';

/**
 * An event's data as the clients' append takes it. Gavel's data is any JSON value, which both clients
 * write with `JSON.stringify` alike; their typings name only objects.
 */
const jsonData = (data: unknown): ClientJsonEvent['data'] => data as ClientJsonEvent['data'];

/** Options of {@link createStoreClient}: a connection string (the client is created, owned and disposed), or a client. */
export type StoreClientSource =
  | { readonly connectionString: string }
  | { readonly client: EventStoreDBClientLike };

/**
 * The actual revision carried by a wrong-expected-version error (`"no_stream"` when the stream is
 * missing): `actualVersion` from `@eventstore/db-client`, `actualState` from `@kurrent/kurrentdb-client`.
 */
const actualOf = (error: unknown): bigint | 'no_stream' | undefined => {
  const fields = error as { actualVersion?: unknown; actualState?: unknown };
  const actual = fields.actualVersion ?? fields.actualState;
  if (typeof actual === 'bigint') return actual;
  if (actual === 'no_stream') return 'no_stream';
  return undefined;
};

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

const collect = async (read: AsyncIterable<ClientResolvedEvent>): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const resolved of read)
    if (resolved.event !== undefined) events.push(toStoredEvent(resolved.event));
  return events;
};

const leader = { requiresLeader: true } as const;

/**
 * Every use of the client, behind one small interface ({@link StoreClient}), for an `EventStoreDBClient`
 * (`@eventstore/db-client`) or a `KurrentDBClient` (`@kurrent/kurrentdb-client`) alike. From a connection
 * string, the client package is loaded and the client created at the first call (an unknown scheme
 * throws an `InvalidOptionsError` at once); a missing package fails every call with a
 * `ClientPackageMissingError`.
 */
export const createStoreClient = (source: StoreClientSource): StoreClient => {
  const owned = 'connectionString' in source;
  if (owned) clientPackagesFor(source.connectionString);
  const connected = owned ? connectClient(source.connectionString) : Promise.resolve(source.client);
  // Its failure is every call's to report; unobserved until the first call.
  connected.catch(() => undefined);

  const readStream = async (
    streamName: string,
    fromRevision: bigint | 'start' | 'end',
    direction: 'forwards' | 'backwards',
    maxCount: number | undefined,
  ): Promise<StoredEvent[] | 'stream-not-found'> => {
    const client = await connected;
    try {
      return await collect(
        client.readStream(streamName, {
          fromRevision,
          direction,
          ...(maxCount === undefined ? {} : { maxCount }),
          ...leader,
        }),
      );
    } catch (error) {
      if (errorKind(error) === 'stream-not-found') return 'stream-not-found';
      throw error;
    }
  };

  const append: StoreClient['append'] = async (streamName, events, expected) => {
    const client = await connected;
    // Each client reads its own name of the expected state and ignores the other's.
    const options: ClientAppendOptions = { expectedRevision: expected, streamState: expected, ...leader };
    try {
      const result = await client.appendToStream(
        streamName,
        events.map((event) => ({
          id: event.id,
          contentType: 'application/json',
          type: event.type,
          data: jsonData(event.data),
          metadata: event.metadata,
        })),
        options,
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

  const readLast: StoreClient['readLast'] = async (streamName) => {
    const read = await readStream(streamName, 'end', 'backwards', 1);
    return read === 'stream-not-found' ? read : read[0];
  };

  const readAllHead: StoreClient['readAllHead'] = async () => {
    const client = await connected;
    const [last] = await collect(
      client.readAll({ fromPosition: 'end', direction: 'backwards', maxCount: 1, ...leader }),
    );
    return last?.position;
  };

  const subscribe = (
    client: EventStoreDBClientLike,
    { fromPosition, prefix }: Parameters<StoreClient['subscribeToAll']>[0],
    push: Parameters<StoreClient['subscribeToAll']>[1],
  ): ClientSubscription => {
    const filter: ClientStreamNameFilter = {
      filterOn: 'streamName',
      checkpointInterval: 1,
      checkpointReached: async (_subscription, position) =>
        push({ kind: 'checkpoint', position: position.commit }),
    };
    const subscription = client.subscribeToAll({
      fromPosition: fromPosition === undefined ? 'start' : { commit: fromPosition, prepare: fromPosition },
      filter:
        prefix === undefined ? { ...filter, regex: USER_STREAMS_PATTERN } : { ...filter, prefixes: [prefix] },
    });
    subscription.on('confirmation', () => push({ kind: 'confirmed' }));
    subscription.on('caughtUp', () => push({ kind: 'caught-up' }));
    subscription.on('data', (resolved) => {
      if (resolved.event !== undefined) push({ kind: 'event', event: toStoredEvent(resolved.event) });
    });
    subscription.on('error', (error) => push({ kind: 'error', error }));
    subscription.on('end', () => push({ kind: 'ended' }));
    return subscription;
  };

  const subscribeToAll: StoreClient['subscribeToAll'] = (options, push): AllSubscriptionHandle => {
    let stopped = false;
    let paused = false;
    const started = connected.then(
      (client) => {
        if (stopped) return undefined;
        const subscription = subscribe(client, options, push);
        if (paused) subscription.pause();
        return subscription;
      },
      (error: unknown) => {
        push({ kind: 'error', error });
        return undefined;
      },
    );
    return {
      stop: async () => {
        stopped = true;
        const subscription = await started;
        if (subscription === undefined) return;
        subscription.removeAllListeners('data');
        await subscription.unsubscribe();
      },
      pause: () => {
        paused = true;
        void started.then((subscription) => subscription?.pause());
      },
      resume: () => {
        paused = false;
        void started.then((subscription) => subscription?.resume());
      },
    };
  };

  return {
    append,
    readForwards: (streamName, fromRevision, maxCount) =>
      readStream(streamName, fromRevision === 0n ? 'start' : fromRevision, 'forwards', maxCount),
    readBackwards: (streamName, fromRevision, maxCount) =>
      readStream(streamName, fromRevision ?? 'end', 'backwards', maxCount),
    readLast,
    setStreamMetadata: async (streamName, metadata) => {
      const client = await connected;
      await client.setStreamMetadata(streamName, { ...metadata }, leader);
    },
    readAllHead,
    subscribeToAll,
    dispose: async () => {
      if (!owned) return;
      const client = await connected.catch(() => undefined);
      await client?.dispose();
    },
  };
};
