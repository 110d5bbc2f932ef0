import {
  type AppendToStreamOptions,
  EventStoreError,
  type EventToAppend,
  type ExpectedVersion,
} from '@gavel/core';
import { assertAppendToStreamArguments } from '@gavel/core/store';

/** An event ready to insert: id chosen, JSON serialised. */
export interface EventToInsert {
  readonly eventId: string;
  /** True when the caller gave the id (only those can make an append a retry). */
  readonly idGiven: boolean;
  readonly type: string;
  readonly data: string;
  readonly metadata: string | null;
}

/** A validated append, waiting for its turn in a write transaction. */
export interface AppendRequest {
  readonly streamName: string;
  readonly expectedVersion: ExpectedVersion;
  readonly rows: readonly EventToInsert[];
}

/**
 * Validates the arguments of `appendToStream` (core's checks) and serialises the events, before
 * anything touches the database: a malformed call throws an `INVALID_ARGUMENT` error and never joins a
 * write transaction.
 */
export const prepareAppend = (
  streamName: string,
  events: readonly EventToAppend[],
  options: AppendToStreamOptions,
): AppendRequest => {
  assertAppendToStreamArguments(streamName, events, options);
  const rows = events.map(
    (event, index): EventToInsert => ({
      eventId: event.eventId ?? globalThis.crypto.randomUUID(),
      idGiven: event.eventId !== undefined,
      type: event.type,
      data: toJson(event.data, `events[${index}].data`) ?? 'null',
      metadata: event.metadata === undefined ? null : toJson(event.metadata, `events[${index}].metadata`),
    }),
  );
  return { streamName, expectedVersion: options.expectedVersion, rows };
};

const toJson = (value: unknown, name: string): string | null => {
  try {
    return JSON.stringify(value) ?? null;
  } catch (error) {
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `${name} must be serialisable as JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
};
