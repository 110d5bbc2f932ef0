import type { RecordedEvent } from '@gavel/core';
import type { CallContext } from './failures/boundedCall';
import { safeHorizonQuery } from './safeHorizon';
import type { SqlNames } from './schema/sqlNames';
import { EVENT_COLUMNS, type SelectedEventRow, toRecordedEvent } from './toRecordedEvent';

/** What {@link readBatch} returns. */
export interface Batch {
  readonly events: readonly RecordedEvent[];
  /**
   * The safe horizon: every event at or below it is committed (or rolled back) for good, so nothing can
   * appear there later. Null when no event is safe yet.
   */
  readonly horizon: bigint | null;
}

/**
 * Reads up to `limit` events after `after`, never past the safe horizon (see `safeHorizon.ts`): a
 * reader that resumes from any position it was given misses nothing. Horizon and events come from one
 * statement, one snapshot.
 */
export const readBatch = async (
  call: CallContext,
  names: SqlNames,
  after: bigint,
  prefix: string | null,
  limit: number,
): Promise<Batch> => {
  const client = await call.checkOut();
  const result = await client.query<{ horizon: string | null } & SelectedEventRow>(
    `SELECT h.horizon::text AS horizon, ${EVENT_COLUMNS}
       FROM (${safeHorizonQuery(names)}) h
       LEFT JOIN LATERAL (
         SELECT * FROM ${names.events} e
          WHERE e.global_position > $1 AND e.global_position <= h.horizon
            AND ($2::text IS NULL OR starts_with(e.stream_name, $2::text))
          ORDER BY e.global_position
          LIMIT $3
       ) e ON true
      ORDER BY e.global_position`,
    [after.toString(), prefix, limit],
  );
  const first = result.rows[0];
  const horizon = first?.horizon == null ? null : BigInt(first.horizon);
  const events = result.rows.flatMap((row) => (row.global_position === null ? [] : [toRecordedEvent(row)]));
  return { events, horizon };
};
