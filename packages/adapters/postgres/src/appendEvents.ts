import {
  type AppendResult,
  type AppendToStreamOptions,
  EventStoreError,
  type EventToAppend,
  type ExpectedVersion,
  VersionConflictError,
} from '@gavel/core';
import { assertAppendToStreamArguments } from '@gavel/core/store';
import type { CallContext } from './failures/boundedCall';
import type { SqlNames } from './schema/sqlNames';

/** `append_to_stream`'s encoding of an expected version: NULL = any, -1 = no_stream, -2 = stream_exists. */
export const encodeExpected = (expected: ExpectedVersion): number | null => {
  if (expected === 'any') return null;
  if (expected === 'no_stream') return -1;
  if (expected === 'stream_exists') return -2;
  return expected;
};

/** An append checked and serialised, before it touches the database. */
export interface PreparedAppend {
  readonly streamName: string;
  readonly expected: ExpectedVersion;
  /** The events as `append_to_stream`'s JSON array (ids assigned). */
  readonly payload: string;
}

/**
 * Validates the call (core's checks: a malformed call, or text the store could not keep exactly,
 * throws `INVALID_ARGUMENT` before any connection is used) and serialises the events (ids assigned here).
 */
export const prepareAppend = (
  streamName: string,
  events: readonly EventToAppend[],
  options: AppendToStreamOptions,
): PreparedAppend => {
  assertAppendToStreamArguments(streamName, events, options);
  const rows = events.map((event) => ({
    eventId: event.eventId ?? globalThis.crypto.randomUUID(),
    type: event.type,
    data: event.data ?? null,
    metadata: event.metadata ?? null,
  }));
  return { streamName, expected: options.expectedVersion, payload: JSON.stringify(rows) };
};

interface AppendRow {
  readonly next_version: string;
  readonly last_position: string;
  readonly duplicate: boolean;
}

/**
 * Appends through `append_to_stream`: one statement, so one transaction and one round trip. The check
 * and the insert happen inside the database; SQLSTATE `GV001` becomes core's {@link VersionConflictError}
 * and `GV002` an `INVALID_ARGUMENT`. The client comes from the call's {@link CallContext}, which
 * releases it intact after those two and destroys it after any other error (it may hold the session's
 * position lock), and which maps driver errors and bounds the call in time.
 */
export const appendEvents = async (
  call: CallContext,
  names: SqlNames,
  { streamName, expected, payload }: PreparedAppend,
): Promise<AppendResult> => {
  const client = await call.checkOut();
  try {
    call.markSent();
    const result = await client.query<AppendRow>({
      name: `gavel_append_${names.channel}`,
      text: `SELECT next_version::text, last_position::text, duplicate FROM ${names.appendFunction}($1, $2, $3::jsonb)`,
      values: [streamName, encodeExpected(expected), payload],
    });
    const row = result.rows[0] as AppendRow;
    return {
      nextExpectedVersion: Number(row.next_version),
      lastPosition: BigInt(row.last_position),
      duplicate: row.duplicate,
    };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'GV001') {
      const actual = Number((error as { detail?: unknown }).detail);
      throw new VersionConflictError(streamName, expected, Number.isSafeInteger(actual) ? actual : undefined);
    }
    if (code === 'GV002')
      throw new EventStoreError('INVALID_ARGUMENT', (error as Error).message, { cause: error });
    throw error;
  }
};
