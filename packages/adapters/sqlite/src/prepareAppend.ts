import { type EventToAppend, type ExpectedVersion, isExpectedVersion } from '@gavel/core';
import { SqliteEventStoreError } from './sqliteEventStoreError';

/** An event ready to insert: id chosen, JSON serialised. */
export interface EventRow {
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
  readonly rows: readonly EventRow[];
}

const MAX_EVENT_ID_LENGTH = 200;

const invalid = (message: string): SqliteEventStoreError =>
  new SqliteEventStoreError('INVALID_ARGUMENT', message);

/**
 * Validates the arguments of `appendToStream` and serialises the events, before anything touches the
 * database: a malformed call throws an `INVALID_ARGUMENT` error and never joins a write transaction.
 */
export const prepareAppend = (
  streamName: unknown,
  events: unknown,
  expectedVersion: unknown,
): AppendRequest => {
  if (typeof streamName !== 'string' || streamName.length === 0)
    throw invalid('streamName must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw invalid('events must be a non-empty array');
  if (!isExpectedVersion(expectedVersion))
    throw invalid(
      "options.expectedVersion must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'",
    );
  const seen = new Set<string>();
  const rows = (events as readonly EventToAppend[]).map((event, index): EventRow => {
    if (typeof event !== 'object' || event === null) throw invalid(`events[${index}] must be an object`);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw invalid(`events[${index}].type must be a non-empty string`);
    const given = event.eventId;
    if (
      given !== undefined &&
      (typeof given !== 'string' || given.length === 0 || given.length > MAX_EVENT_ID_LENGTH)
    )
      throw invalid(`events[${index}].eventId must be a string of 1 to ${MAX_EVENT_ID_LENGTH} characters`);
    const eventId = given ?? globalThis.crypto.randomUUID();
    if (seen.has(eventId)) throw invalid(`eventId '${eventId}' appears twice in one append`);
    seen.add(eventId);
    return {
      eventId,
      idGiven: given !== undefined,
      type: event.type,
      data: toJson(event.data, `events[${index}].data`) ?? 'null',
      metadata: event.metadata === undefined ? null : toJson(event.metadata, `events[${index}].metadata`),
    };
  });
  return { streamName, expectedVersion, rows };
};

const toJson = (value: unknown, name: string): string | null => {
  try {
    return JSON.stringify(value) ?? null;
  } catch (error) {
    throw invalid(`${name} must be serialisable as JSON: ${(error as Error).message}`);
  }
};
