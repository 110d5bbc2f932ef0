import { EventStoreError } from '@gavel/core';
import type { Pool } from 'pg';
import { appendEvents } from './appendEvents';
import { appendMany, type OutcomeRow, outcomeOfRow } from './appendMany';
import { boundedCall } from './failures/boundedCall';
import type { AppendStats } from './groupAppend';
import { type QueuedAppend, settleAppend } from './queuedAppend';
import type { SqlNames } from './schema/sqlNames';

/** The counters of {@link AppendStats}, kept by the sends. */
export type AppendCounts = { -readonly [K in keyof AppendStats]: AppendStats[K] };

/** What sending a batch needs. */
export interface SendContext {
  readonly pool: Pool;
  readonly names: SqlNames;
  readonly timeoutMs: number;
  /** The schema, migrated (run inside each batch's bounded call). */
  readonly ready: () => Promise<void>;
  readonly counts: AppendCounts;
}

const count = (counts: AppendCounts, batch: readonly QueuedAppend[]): void => {
  counts.transactions++;
  counts.appends += batch.length;
  for (const append of batch) counts.events += append.events;
};

const sendOne = (ctx: SendContext, append: QueuedAppend): Promise<void> =>
  boundedCall(ctx.pool, ctx.timeoutMs, 'append', async (call) => {
    await ctx.ready();
    return appendEvents(call, ctx.names, append.prepared);
  }).then(
    (result) => {
      count(ctx.counts, [append]);
      settleAppend(append, { result });
    },
    (error: unknown) => settleAppend(append, { error }),
  );

const sendMany = async (ctx: SendContext, batch: readonly QueuedAppend[]): Promise<void> => {
  let rows: readonly OutcomeRow[];
  try {
    rows = await boundedCall(ctx.pool, ctx.timeoutMs, 'append', async (call) => {
      await ctx.ready();
      return appendMany(call, ctx.names, batch);
    });
  } catch (error) {
    // The server refused the statement (nothing written): one append's fault, so each goes alone.
    if (error instanceof EventStoreError && !error.mayHaveWritten && error.code === 'INVALID_ARGUMENT') {
      await Promise.all(batch.map((append) => sendOne(ctx, append)));
      return;
    }
    for (const append of batch) settleAppend(append, { error });
    return;
  }
  count(ctx.counts, batch);
  for (const row of rows) {
    const append = batch[row.ord] as QueuedAppend;
    settleAppend(append, outcomeOfRow(row, append));
  }
  // Every append has its row; should one be missing, its outcome is unknown.
  for (const append of batch)
    if (!append.settled)
      settleAppend(append, {
        error: new EventStoreError('UNAVAILABLE', 'append_to_streams returned no outcome for an append', {
          mayHaveWritten: true,
        }),
      });
};

/**
 * Sends a batch in one transaction and settles each of its appends with its own outcome: a batch of
 * one through `append_to_stream`, more through `append_to_streams`. Should the statement itself be
 * refused (an error of the server's own, so nothing was written), each append is sent again alone, so
 * that only the one at fault fails. A lost connection or a timeout fails the whole batch.
 */
export const sendAppends = (ctx: SendContext, batch: readonly QueuedAppend[]): Promise<void> =>
  batch.length === 1 ? sendOne(ctx, batch[0] as QueuedAppend) : sendMany(ctx, batch);
