import type { PartitionLease } from '@gavel/core';
import type { PoolClient } from 'pg';
import type { SqlNames } from '../schema/sqlNames';
import { DATABASE_NOW_MS } from './databaseClock';
import { LEASE_COLUMNS, type LeaseRow, toPartitionLease } from './leaseRow';
import { assertPartitionExists } from './processorRefusals';
import type { AcquireRequest } from './processorRequests';

/**
 * `acquire` in one statement, `UPDATE … WHERE` the partition is free, expired or already the owner's,
 * on the database's clock: the token grows by one unless the owner renews a live lease of its own.
 * Racing owners queue on the row's lock, and PostgreSQL re-checks the condition on the row each finds
 * once the one before committed: exactly one of them takes a free partition, the others get null.
 */
export const acquirePartition = async (
  client: PoolClient,
  names: SqlNames,
  { processor, owner, partition, leaseMs }: AcquireRequest,
): Promise<PartitionLease | null> => {
  const result = await client.query<{ partitions: number | null } & (LeaseRow | { partition: null })>(
    `WITH clock AS MATERIALIZED (SELECT ${DATABASE_NOW_MS} AS now),
     taken AS (
       UPDATE ${names.processorPartitions} p
          SET owner = $2,
              expires_at = c.now + $4,
              token = CASE WHEN p.owner = $2 AND p.expires_at > c.now THEN p.token ELSE p.token + 1 END
         FROM clock c
        WHERE p.processor = $1 AND p.partition = $3
          AND (p.owner IS NULL OR p.owner = $2 OR p.expires_at <= c.now)
       RETURNING ${LEASE_COLUMNS}
     )
     SELECT (SELECT partitions FROM ${names.processors} WHERE name = $1) AS partitions, t.*
       FROM (VALUES (1)) one LEFT JOIN taken t ON true`,
    [processor, owner, partition, leaseMs],
  );
  const row = result.rows[0];
  assertPartitionExists(processor, row?.partitions, partition);
  return row === undefined || row.partition === null ? null : toPartitionLease(row);
};
