import { setTimeout as sleep } from 'node:timers/promises';
import type { PoolClient } from 'pg';
import { safeHorizonQuery } from '../safeHorizon';
import type { SqlNames } from '../schema/sqlNames';

/** The longest `headPosition` waits for transactions in flight below the last visible event (ms). */
export const HEAD_SETTLE_MS = 1_000;

interface HeadRow {
  /** The safe horizon (`safeHorizon.ts`). */
  readonly horizon: string | null;
  /** The last committed event visible in the same snapshot. */
  readonly last: string | null;
}

/**
 * `headPosition`: the safe horizon of subscriptions (`safeHorizonQuery`, the one definition), so that
 * every event at or before it is committed and visible, and no transaction still in flight can commit
 * one there. The horizon lags the last visible event while any transaction of the cluster that started
 * before it is still running (an append committing at the same moment, say), so the answer waits for
 * the horizon to reach the last event that was visible when it was called, re-reading it with a short
 * backoff for at most `settleMs`. After that (a long transaction elsewhere) it answers the horizon as it
 * is: below some committed events, never above an event still to come. 0 on an empty store.
 */
export const readHeadPosition = async (
  client: PoolClient,
  names: SqlNames,
  settleMs: number = HEAD_SETTLE_MS,
): Promise<bigint> => {
  const read = async (): Promise<{ horizon: bigint; last: bigint }> => {
    const result = await client.query<HeadRow>(
      `SELECT h.horizon::text AS horizon,
              (SELECT max(global_position) FROM ${names.events})::text AS last
         FROM (${safeHorizonQuery(names)}) h`,
    );
    const row = result.rows[0];
    return { horizon: BigInt(row?.horizon ?? 0), last: BigInt(row?.last ?? 0) };
  };
  const deadline = performance.now() + settleMs;
  const first = await read();
  let horizon = first.horizon;
  for (
    let pause = 2;
    horizon < first.last && performance.now() + pause < deadline;
    pause = Math.min(pause * 2, 50)
  ) {
    await sleep(pause);
    ({ horizon } = await read());
  }
  return horizon;
};
