import type { ReadStreamOptions, ReadStreamResult } from '@gavel/core';
import { assertReadStreamArguments } from '@gavel/core/store';
import type { CallContext } from './failures/boundedCall';
import type { SqlNames } from './schema/sqlNames';
import { EVENT_COLUMNS, type SelectedEventRow, toRecordedEvent } from './toRecordedEvent';

/**
 * Reads a stream's version and its events after `fromVersion` (at most `maxCount`) in one statement
 * (one snapshot): the version is the whole stream's, however few events the limit lets through.
 */
export const readStreamEvents = async (
  call: CallContext,
  names: SqlNames,
  streamName: string,
  options: ReadStreamOptions = {},
): Promise<ReadStreamResult> => {
  assertReadStreamArguments(streamName, options);
  const fromVersion = options.fromVersion ?? 0;
  const client = await call.checkOut();
  const result = await client.query<
    (SelectedEventRow & { current_version: string }) | { current_version: string }
  >(
    `SELECT c.current_version::text AS current_version, ${EVENT_COLUMNS}
       FROM (SELECT coalesce(max(stream_version), 0) AS current_version
               FROM ${names.events} WHERE stream_name = $1) c
       LEFT JOIN LATERAL (
         SELECT * FROM ${names.events} e
          WHERE e.stream_name = $1 AND e.stream_version > $2
          ORDER BY e.stream_version
          LIMIT $3
       ) e ON true
      ORDER BY e.stream_version`,
    [streamName, fromVersion, options.maxCount ?? null],
  );
  const currentVersion = Number(result.rows[0]?.current_version ?? 0);
  const events = result.rows.flatMap((row) =>
    'global_position' in row && row.global_position !== null ? [toRecordedEvent(row)] : [],
  );
  return { currentVersion, streamExists: currentVersion > 0, events };
};
