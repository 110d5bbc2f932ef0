import { type CheckpointCommit, EventStoreError } from '@gavel/core';
import type { PoolClient } from 'pg';
import type { SqlNames } from '../schema/sqlNames';
import { assertPartitionExists } from './processorRefusals';

/**
 * The state changes of a commit as the statement takes them: keys set after those deleted (a key both
 * deleted and set is set), the last value of a key set twice, so that no row is touched twice.
 */
const stateChanges = (changes: CheckpointCommit['changes']) => {
  const set = new Map(changes?.set ?? []);
  const deleted = [...new Set(changes?.delete ?? [])].filter((key) => !set.has(key));
  return { deleted, keys: [...set.keys()], values: [...set.values()] };
};

/**
 * The transaction-local setting that `transact` sets at `BEGIN`: gone once the transaction has ended,
 * so that the commit statement can tell that a work ended the transaction itself.
 */
export const TRANSACT_MARKER = 'gavel.transact';

/**
 * A fenced commit in one statement: `UPDATE … WHERE token = $3` moves the checkpoint (never back), and
 * only if that row was updated are the partition's state changes applied, in the same statement.
 * Resolves false, writing nothing, when the partition has been taken since the token was given. Runs on
 * any client: a pool's for `commit`, the open transaction's for `transact` (`inTransaction`), where it
 * is the last statement before `COMMIT`, and writes nothing unless that transaction is still open.
 */
export const commitCheckpoint = async (
  client: PoolClient,
  names: SqlNames,
  { processor, partition, token, position, changes }: CheckpointCommit,
  inTransaction = false,
): Promise<boolean> => {
  const { deleted, keys, values } = stateChanges(changes);
  const result = await client.query<{
    committed: boolean;
    partitions: number | null;
    in_transaction: boolean;
  }>(
    `WITH guard AS MATERIALIZED (
       SELECT NOT $8 OR current_setting('${TRANSACT_MARKER}', true) IS NOT DISTINCT FROM 'on' AS in_transaction
     ), fenced AS (
       UPDATE ${names.processorPartitions} p SET checkpoint = greatest(p.checkpoint, $4::bigint)
         FROM guard g
        WHERE g.in_transaction AND p.processor = $1 AND p.partition = $2 AND p.token = $3
       RETURNING p.processor, p.partition
     ), deleted AS (
       DELETE FROM ${names.processorState} s USING fenced f
        WHERE s.processor = f.processor AND s.partition = f.partition AND s.key = ANY ($5::text[])
     ), written AS (
       INSERT INTO ${names.processorState} (processor, partition, key, value)
       SELECT f.processor, f.partition, x.key, x.value
         FROM fenced f, unnest($6::text[], $7::text[]) AS x(key, value)
       ON CONFLICT (processor, partition, key) DO UPDATE SET value = EXCLUDED.value
     )
     SELECT EXISTS (SELECT 1 FROM fenced) AS committed, (SELECT g.in_transaction FROM guard g) AS in_transaction,
            (SELECT partitions FROM ${names.processors} WHERE name = $1) AS partitions`,
    [processor, partition, token, position.toString(), deleted, keys, values, inTransaction],
  );
  const row = result.rows[0];
  if (row?.committed === true) return true;
  if (row?.in_transaction === false)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      'the work ended the transaction itself (COMMIT or ROLLBACK): the checkpoint was not moved',
    );
  assertPartitionExists(processor, row?.partitions, partition);
  return false;
};
