import { type AppendResult, EventStoreError } from '@gavel/core';
import { assertExpectedVersion, matchesExpectedVersion } from '@gavel/core/store';
import type { AppendRequest } from './prepareAppend';
import { MAX_ROWS_PER_INSERT, type Statements } from './statements';

/**
 * The store's one concurrency check, and the write it guards. It runs inside a `BEGIN IMMEDIATE`
 * transaction, which holds SQLite's single write lock across every process using the file, so the
 * stream cannot move between the check and the insert. The outcome is:
 *
 * 1. every event carries an id that is already in the stream: a retry; nothing is written and the
 *    original's last position is returned with `duplicate: true`;
 * 2. otherwise, the stream's version does not satisfy `expectedVersion`: `VersionConflictError`;
 * 3. otherwise, some ids are already in the stream beside new ones: `INVALID_ARGUMENT`;
 * 4. otherwise the events are inserted at the next versions.
 *
 * Fast path: when the version matches, the events are inserted at once and `UNIQUE (stream_name,
 * event_id)` finds any id already there; only then (and on a version mismatch) are the ids looked up.
 * A rejected append leaves nothing behind: a failed INSERT statement undoes itself, and the rows of
 * earlier statements of the same append are deleted. Any other failure (disk full, I/O error) is thrown
 * and aborts the whole transaction.
 */
export const appendInTransaction = (
  statements: Statements,
  request: AppendRequest,
  recordedAt: number,
): AppendResult => {
  const { streamName, expectedVersion } = request;
  const head = statements.streamHead.get(streamName) as [bigint, bigint] | undefined;
  const currentVersion = head === undefined ? 0 : Number(head[0]);

  let uniqueViolation: unknown = null;
  if (matchesExpectedVersion(expectedVersion, currentVersion)) {
    try {
      return insertEvents(statements, request, currentVersion, recordedAt);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      statements.deleteAfter.run(streamName, currentVersion);
      uniqueViolation = error;
    }
  }

  const { known, lastKnown } = findKnownIds(statements, request);
  if (known === request.rows.length)
    return { nextExpectedVersion: currentVersion, lastPosition: lastKnown, duplicate: true };
  assertExpectedVersion(streamName, expectedVersion, currentVersion);
  if (known > 0)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `some but not all of the appended eventIds are already in stream '${streamName}'`,
    );
  throw uniqueViolation; // the version matched and no id is known: the insert failed for another reason
};

/** Inserts the events after `currentVersion`, in statements of at most {@link MAX_ROWS_PER_INSERT} rows. */
const insertEvents = (
  statements: Statements,
  { streamName, rows }: AppendRequest,
  currentVersion: number,
  recordedAt: number,
): AppendResult => {
  let lastPosition = 0n;
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + MAX_ROWS_PER_INSERT);
    const params: unknown[] = [];
    chunk.forEach((row, n) => {
      params.push(
        streamName,
        currentVersion + start + n + 1,
        row.eventId,
        row.type,
        row.data,
        row.metadata,
        recordedAt,
      );
    });
    lastPosition = BigInt(statements.insertEvents(chunk.length).run(...params).lastInsertRowid);
  }
  return { nextExpectedVersion: currentVersion + rows.length, lastPosition, duplicate: false };
};

/** How many of the append's given ids are already in the stream, and the last position among them. */
const findKnownIds = ({ eventById }: Statements, { streamName, rows }: AppendRequest) => {
  let known = 0;
  let lastKnown = 0n;
  for (const row of rows) {
    if (!row.idGiven) continue;
    const found = eventById.get(streamName, row.eventId) as [bigint] | undefined;
    if (found === undefined) continue;
    known++;
    if (found[0] > lastKnown) lastKnown = found[0];
  }
  return { known, lastKnown };
};
