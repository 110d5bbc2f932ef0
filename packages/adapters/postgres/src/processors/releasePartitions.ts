import type { PoolClient } from 'pg';
import type { SqlNames } from '../schema/sqlNames';
import { assertPartitionExists } from './processorRefusals';
import type { ReleaseRequest } from './processorRequests';

/**
 * `release` in one statement: frees those of the partitions that the owner holds (their checkpoints and
 * tokens stay, so the next owner takes them under a new token) and, with `leave`, ends its membership.
 * A partition out of range refuses the whole call, which then changes nothing.
 */
export const releasePartitions = async (
  client: PoolClient,
  names: SqlNames,
  { processor, owner, partitions, leave }: ReleaseRequest,
): Promise<void> => {
  const highest = partitions.reduce((max, partition) => Math.max(max, partition), -1);
  const result = await client.query<{ partitions: number | null }>(
    `WITH registered AS MATERIALIZED (
       SELECT partitions FROM ${names.processors} WHERE name = $1 AND partitions > $4
     ), freed AS (
       UPDATE ${names.processorPartitions} p SET owner = NULL, expires_at = 0
         FROM registered
        WHERE p.processor = $1 AND p.owner = $2 AND p.partition = ANY ($3::integer[])
     ), departed AS (
       DELETE FROM ${names.processorMembers} m USING registered
        WHERE $5 AND m.processor = $1 AND m.owner = $2
     )
     SELECT (SELECT partitions FROM ${names.processors} WHERE name = $1) AS partitions`,
    [processor, owner, [...partitions], highest, leave === true],
  );
  assertPartitionExists(processor, result.rows[0]?.partitions, highest < 0 ? undefined : highest);
};
