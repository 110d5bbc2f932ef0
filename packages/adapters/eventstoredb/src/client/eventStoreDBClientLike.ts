/**
 * What the adapter calls on a client, written out so that both `@eventstore/db-client`'s
 * `EventStoreDBClient` and `@kurrent/kurrentdb-client`'s `KurrentDBClient` fit it (checked against both
 * packages' typings in `eventStoreDBClientLike.unit.spec.ts`) and neither package is needed to compile
 * against this one. The names are those of both clients' typings.
 */

/** A position in `$all`. */
export interface ClientPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** A JSON event to append, as both clients' `jsonEvent` builds it. */
export interface ClientJsonEvent {
  id: string;
  contentType: 'application/json';
  type: string;
  data: Record<string | number, unknown>;
  metadata: Record<string | number, unknown> | undefined;
}

/** An event as both clients read it. */
export interface ClientRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly created: Date;
  readonly position?: ClientPosition;
}

/** A read or subscription item: the event, when it is not a link to a missing one. */
export interface ClientResolvedEvent {
  readonly event?: ClientRecordedEvent | undefined;
}

/** The options the adapter passes to `appendToStream`. */
export interface ClientAppendOptions {
  /** `@eventstore/db-client`'s name of the expected state (`@kurrent/kurrentdb-client` ignores it). */
  expectedRevision: bigint | 'no_stream' | 'stream_exists' | 'any';
  /** `@kurrent/kurrentdb-client`'s name of the expected state (`@eventstore/db-client` ignores it). */
  streamState: bigint | 'no_stream' | 'stream_exists' | 'any';
  requiresLeader: boolean;
}

/** What `appendToStream` resolves with. */
export interface ClientAppendResult {
  readonly success: boolean;
  readonly nextExpectedRevision: bigint;
  readonly position?: ClientPosition;
}

/** The options the adapter passes to `readStream`. */
export interface ClientReadStreamOptions {
  fromRevision: 'start' | 'end' | bigint;
  direction: 'forwards' | 'backwards';
  maxCount?: number;
  requiresLeader: boolean;
}

/** The options the adapter passes to `readAll`. */
export interface ClientReadAllOptions {
  fromPosition: 'start' | 'end' | ClientPosition;
  direction: 'forwards' | 'backwards';
  maxCount: number;
  requiresLeader: boolean;
}

/** A server-side filter of a subscription to `$all`, as both clients' `streamNameFilter` builds it. */
export interface ClientStreamNameFilter {
  filterOn: 'streamName';
  checkpointInterval: number;
  checkpointReached: (subscription: unknown, position: ClientPosition) => Promise<void>;
  regex?: string;
  prefixes?: string[];
}

/** The options the adapter passes to `subscribeToAll`. */
export interface ClientSubscribeToAllOptions {
  fromPosition: 'start' | ClientPosition;
  filter: ({ regex: string } | { prefixes: string[] }) & ClientStreamNameFilter;
}

/** A subscription to `$all`: a readable stream of resolved events with the clients' own events. */
export interface ClientSubscription {
  on(event: 'data', listener: (resolved: ClientResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'confirmation' | 'caughtUp' | 'end', listener: () => void): unknown;
  removeAllListeners(event: 'data'): unknown;
  unsubscribe(): Promise<void>;
  pause(): unknown;
  resume(): unknown;
}

/**
 * A client of EventStoreDB (KurrentDB) the store can drive: an `EventStoreDBClient` of
 * `@eventstore/db-client` (6.x) or a `KurrentDBClient` of `@kurrent/kurrentdb-client` (1.x). Only the
 * calls the store makes are listed.
 */
export interface EventStoreDBClientLike {
  appendToStream(
    streamName: string,
    events: ClientJsonEvent[],
    options: ClientAppendOptions,
  ): Promise<ClientAppendResult>;
  readStream(streamName: string, options: ClientReadStreamOptions): AsyncIterable<ClientResolvedEvent>;
  readAll(options: ClientReadAllOptions): AsyncIterable<ClientResolvedEvent>;
  setStreamMetadata(
    streamName: string,
    metadata: { maxCount?: number; truncateBefore?: number },
    options: { requiresLeader: boolean },
  ): Promise<unknown>;
  subscribeToAll(options: ClientSubscribeToAllOptions): ClientSubscription;
  dispose(): Promise<void>;
}
