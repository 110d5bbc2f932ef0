import { type AppendResult, EventStoreError, VersionConflictError } from '@gavel/core';
import type { Pool } from 'pg';
import { appendEvents, encodeExpected, type PreparedAppend } from './appendEvents';
import { boundedCall, type CallContext } from './failures/boundedCall';
import type { SqlNames } from './schema/sqlNames';

/** How appends to different streams are batched into one transaction (see `docs/adapters/postgres.md`). */
export interface GroupCommitOptions {
  /**
   * How long the first append of a batch waits for others (ms). Default 0: the appends made during the
   * same event-loop turn go together, and no append waits for a timer.
   */
  readonly windowMs?: number;
  /**
   * The most batches in flight at once; appends made meanwhile wait for the next one. Default: the
   * store's `poolSize` (one batch per connection).
   */
  readonly maxInFlight?: number;
  /**
   * The most appends in one transaction. A batch that is full goes at once, without waiting for the
   * turn (or `windowMs`) to end, so that the database writes it while the service decides the next
   * appends. Default 500.
   */
  readonly maxAppends?: number;
}

/** Counters of the batching, since the store was created. */
export interface AppendStats {
  /** Transactions that carried appends (one statement each). */
  readonly transactions: number;
  /** Appends written through them (each its own outcome). */
  readonly appends: number;
  /** Events in those appends. */
  readonly events: number;
}

/** Options of {@link createGroupAppend}. */
export interface GroupAppendOptions extends GroupCommitOptions {
  readonly pool: Pool;
  readonly names: SqlNames;
  readonly timeoutMs: number;
  /** The schema, migrated (run inside each batch's bounded call). */
  readonly ready: () => Promise<void>;
}

/** Queues appends and sends them in batches. */
export interface GroupAppend {
  /** Queues an append; it settles with its own outcome once its transaction has committed (or failed). */
  readonly append: (prepared: PreparedAppend, events: number) => Promise<AppendResult>;
  readonly stats: () => AppendStats;
}

interface Pending {
  readonly prepared: PreparedAppend;
  readonly events: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
  sent: boolean;
  settled: boolean;
}

interface OutcomeRow {
  readonly ord: number;
  readonly next_version: string | null;
  readonly last_position: string | null;
  readonly duplicate: boolean;
  readonly error_code: string | null;
  readonly actual_version: string | null;
}

/**
 * Cross-stream group commit: the appends made during one event-loop turn (or `windowMs`) go to the
 * database as one statement, `append_to_streams(jsonb)`: one transaction, one round trip, one WAL
 * flush. A turn with more than `maxAppends` appends sends each batch as soon as it is full, so that
 * its statement runs while the rest of the turn is decided. A batch of one uses `append_to_stream`,
 * as before. Each append keeps its own expected-version check and its own outcome (a conflict, a
 * retry's `duplicate`, a partial retry refused): none of them fails the others. Should the statement
 * itself be refused (an error of the server's own, so nothing was written), each append of the batch
 * is sent again alone, so that only the one at fault fails. A lost connection or a timeout fails the
 * whole batch (`mayHaveWritten`: a retry with the same ids is exact). Every append settles within
 * `timeoutMs` of the call, the wait for its batch included.
 */
export const createGroupAppend = (options: GroupAppendOptions): GroupAppend => {
  const { pool, names, timeoutMs, ready } = options;
  const windowMs = options.windowMs ?? 0;
  const maxInFlight = options.maxInFlight ?? 10;
  const maxAppends = options.maxAppends ?? 500;
  let queue: Pending[] = [];
  let inFlight = 0;
  /** Streams with an append in flight. */
  const busy = new Set<string>();
  /** Appends queued since the last flush whose stream was not in flight: at `maxAppends`, a batch is full. */
  let fresh = 0;
  let scheduled = false;
  let transactions = 0;
  let appends = 0;
  let events = 0;

  const settle = (pending: Pending, outcome: { result: AppendResult } | { error: unknown }): void => {
    if (pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    if ('result' in outcome) pending.resolve(outcome.result);
    else pending.reject(outcome.error);
  };

  const count = (batch: readonly Pending[]): void => {
    transactions++;
    appends += batch.length;
    for (const pending of batch) events += pending.events;
  };

  const sendOne = (pending: Pending): Promise<void> =>
    boundedCall(pool, timeoutMs, 'append', async (call) => {
      await ready();
      return appendEvents(call, names, pending.prepared);
    }).then(
      (result) => {
        count([pending]);
        settle(pending, { result });
      },
      (error: unknown) => settle(pending, { error }),
    );

  const sendMany = async (batch: readonly Pending[]): Promise<void> => {
    let rows: readonly OutcomeRow[];
    try {
      rows = await boundedCall(pool, timeoutMs, 'append', async (call) => {
        await ready();
        return appendMany(call, names, batch);
      });
    } catch (error) {
      // The server refused the statement (nothing written): one append's fault, so each goes alone.
      if (error instanceof EventStoreError && !error.mayHaveWritten && error.code === 'INVALID_ARGUMENT') {
        await Promise.all(batch.map(sendOne));
        return;
      }
      for (const pending of batch) settle(pending, { error });
      return;
    }
    count(batch);
    for (const row of rows) {
      const pending = batch[row.ord] as Pending;
      const { streamName, expected } = pending.prepared;
      if (row.error_code === 'GV001') {
        const actual = Number(row.actual_version);
        settle(pending, {
          error: new VersionConflictError(
            streamName,
            expected,
            Number.isSafeInteger(actual) ? actual : undefined,
          ),
        });
      } else if (row.error_code === 'GV002') {
        settle(pending, {
          error: new EventStoreError(
            'INVALID_ARGUMENT',
            `some but not all of the appended event ids are already in stream '${streamName}'`,
          ),
        });
      } else {
        settle(pending, {
          result: {
            nextExpectedVersion: Number(row.next_version),
            lastPosition: BigInt(row.last_position as string),
            duplicate: row.duplicate,
          },
        });
      }
    }
    // Every append has its row; should one be missing, its outcome is unknown.
    for (const pending of batch)
      if (!pending.settled)
        settle(pending, {
          error: new EventStoreError('UNAVAILABLE', 'append_to_streams returned no outcome for an append', {
            mayHaveWritten: true,
          }),
        });
  };

  /**
   * Takes the next batch out of the queue and marks it sent: queued appends in call order, at most one
   * per stream and none of a stream with an append in flight (those wait, so that one stream's appends
   * are written in call order), at most `maxAppends`. Its streams are then in flight.
   */
  const takeBatch = (): Pending[] => {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of queue) {
      const stream = pending.prepared.streamName;
      if (batch.length < maxAppends && !busy.has(stream)) {
        busy.add(stream);
        pending.sent = true;
        batch.push(pending);
      } else rest.push(pending);
    }
    queue = rest;
    return batch;
  };

  const flush = (): void => {
    scheduled = false;
    fresh = 0;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = takeBatch();
      if (batch.length === 0) return; // every queued stream is in flight: its batch's end schedules again
      inFlight++;
      (batch.length === 1 ? sendOne(batch[0] as Pending) : sendMany(batch)).finally(() => {
        inFlight--;
        for (const pending of batch) busy.delete(pending.prepared.streamName);
        if (queue.length > 0) schedule();
      });
    }
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    if (windowMs > 0) setTimeout(flush, windowMs);
    else setImmediate(flush);
  };

  const append = (prepared: PreparedAppend, eventCount: number): Promise<AppendResult> =>
    new Promise<AppendResult>((resolve, reject) => {
      const pending: Pending = {
        prepared,
        events: eventCount,
        resolve,
        reject,
        sent: false,
        settled: false,
        timer: setTimeout(() => {
          // Still queued: it never left, so nothing can have been written.
          if (!pending.sent) queue = queue.filter((other) => other !== pending);
          settle(pending, {
            error: new EventStoreError('TIMEOUT', `PostgreSQL append got no answer within ${timeoutMs} ms`, {
              mayHaveWritten: pending.sent,
            }),
          });
        }, timeoutMs),
      };
      queue.push(pending);
      if (!busy.has(prepared.streamName) && ++fresh >= maxAppends) flush();
      else schedule();
    });

  return { append, stats: () => ({ transactions, appends, events }) };
};

/** Sends a batch through `append_to_streams`: one JSON array, the events already serialised. */
const appendMany = async (
  call: CallContext,
  names: SqlNames,
  batch: readonly Pending[],
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
