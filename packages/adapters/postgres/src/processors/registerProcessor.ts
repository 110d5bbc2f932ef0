import { EventStoreError } from '@gavel/core';
import type { PoolClient } from 'pg';
import type { SqlNames } from '../schema/sqlNames';
import type { RegisterRequest } from './processorRequests';

/**
 * `register` in one statement: inserts the processor, or finds it (`ON CONFLICT … DO UPDATE` returns
 * the row a concurrent register committed, which `DO NOTHING` would not), and inserts its partitions,
 * free, at the initial checkpoint, unless they exist. Racing registers of one processor create it once;
 * one with another number of partitions is refused with `INVALID_ARGUMENT`.
 */
export const registerProcessor = async (
  client: PoolClient,
  names: SqlNames,
  { processor, partitions, initialCheckpoint }: RegisterRequest,
): Promise<void> => {
  const result = await client.query<{ partitions: number }>(
    `WITH registered AS (
       INSERT INTO ${names.processors} AS p (name, partitions) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET partitions = p.partitions
       RETURNING p.partitions
     ), seeded AS (
       INSERT INTO ${names.processorPartitions} (processor, partition, checkpoint)
       SELECT $1, g, $3::bigint FROM registered r, generate_series(0, r.partitions - 1) g
        WHERE r.partitions = $2
       ON CONFLICT (processor, partition) DO NOTHING
     )
     SELECT partitions FROM registered`,
    [processor, partitions, initialCheckpoint.toString()],
  );
  const existing = result.rows[0]?.partitions;
  if (existing !== partitions)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `processor '${processor}' has ${existing} partitions, not ${partitions}: reset it to change them`,
    );
};
