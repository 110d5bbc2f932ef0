import { EventStoreError, VersionConflictError } from '@gavel/core';
import { encodeExpected } from './appendEvents';
import type { CallContext } from './failures/boundedCall';
import type { AppendOutcome, QueuedAppend } from './queuedAppend';
import type { SqlNames } from './schema/sqlNames';

/** One append's outcome, as `append_to_streams` returns it. */
export interface OutcomeRow {
  /** The append's index in the batch. */
  readonly ord: number;
  readonly next_version: string | null;
  readonly last_position: string | null;
  readonly duplicate: boolean;
  /** `GV001` a version conflict, `GV002` a partial retry; null when written (or a duplicate). */
  readonly error_code: string | null;
  readonly actual_version: string | null;
}

/** Sends a batch through `append_to_streams`: one JSON array, the events already serialised. */
export const appendMany = async (
  call: CallContext,
  names: SqlNames,
  batch: readonly QueuedAppend[],
): Promise<readonly OutcomeRow[]> => {
  const parts = batch.map(
    ({ prepared }, ord) =>
      `{"ord":${ord},"stream":${JSON.stringify(prepared.streamName)},"expected":${JSON.stringify(encodeExpected(prepared.expected))},"events":${prepared.payload}}`,
  );
  const client = await call.checkOut();
  call.markSent();
  const result = await client.query<OutcomeRow>({
    name: `gavel_append_many_${names.channel}`,
    text: `SELECT ord, next_version::text, last_position::text, duplicate, error_code, actual_version::text FROM ${names.appendManyFunction}($1::jsonb)`,
    values: [`[${parts.join(',')}]`],
  });
  return result.rows;
};

/** What a row of `append_to_streams` means for the append to `streamName` it answers. */
export const outcomeOfRow = (row: OutcomeRow, append: QueuedAppend): AppendOutcome => {
  const { streamName, expected } = append.prepared;
  if (row.error_code === 'GV001') {
    const actual = Number(row.actual_version);
    return {
      error: new VersionConflictError(
        streamName,
        expected,
        Number.isSafeInteger(actual) ? actual : undefined,
      ),
    };
  }
  if (row.error_code === 'GV002')
    return {
      error: new EventStoreError(
        'INVALID_ARGUMENT',
        `some but not all of the appended event ids are already in stream '${streamName}'`,
      ),
    };
  return {
    result: {
      nextExpectedVersion: Number(row.next_version),
      lastPosition: BigInt(row.last_position as string),
      duplicate: row.duplicate,
    },
  };
};
