import {
  type AppendResult,
  type AppendToStreamOptions,
  assertAppendToStreamArguments,
  EventStoreError,
  type EventToAppend,
  type ExpectedVersion,
  VersionConflictError,
} from '@gavel/core';
import type { Pool } from 'pg';
import type { SqlNames } from './schema/sqlNames';

/** `append_to_stream`'s encoding of an expected version: NULL = any, -1 = no_stream, -2 = stream_exists. */
const encodeExpected = (expected: ExpectedVersion): number | null => {
  if (expected === 'any') return null;
  if (expected === 'no_stream') return -1;
  if (expected === 'stream_exists') return -2;
  return expected;
};

/** Validates the call and serializes the events for `append_to_stream` (ids assigned here). */
const serializeEvents = (
  streamName: string,
  events: readonly EventToAppend[],
  options: AppendToStreamOptions,
): string => {
  assertAppendToStreamArguments(streamName, events, options);
  const rows = events.map((event) => ({
    eventId: event.eventId ?? globalThis.crypto.randomUUID(),
    type: event.type,
    data: event.data ?? null,
    metadata: event.metadata ?? null,
  }));
  return JSON.stringify(rows);
};

interface AppendRow {
  readonly next_version: string;
  readonly last_position: string;
  readonly duplicate: boolean;
}

/**
 * Appends through `append_to_stream`: one statement, so one transaction and one round trip. The check
 * and the insert happen inside the database; SQLSTATE `GV001` becomes core's {@link VersionConflictError}.
 * The client is checked out and released by hand: released intact after the store's own errors, and
 * destroyed after any other (it may hold the session's position lock).
 */
export const appendEvents = async (
  pool: Pool,
  names: SqlNames,
  streamName: string,
  events: readonly EventToAppend[],
  options: AppendToStreamOptions,
): Promise<AppendResult> => {
  const payload = serializeEvents(streamName, events, options);
  const expected = options.expectedVersion;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
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
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
};
