import type { ProcessorHeartbeat } from '@gavel/core';
import type { PoolClient } from 'pg';
import type { SqlNames } from '../schema/sqlNames';
import { DATABASE_NOW_MS } from './databaseClock';
import { type LeaseRow, toPartitionLease } from './leaseRow';
import { assertPartitionExists } from './processorRefusals';
import type { HeartbeatRequest } from './processorRequests';

interface HeartbeatRow {
  readonly now: string;
  readonly partitions: number | null;
  /** The other live members (this owner is one by the statement itself). */
  readonly others: string[];
  /** Every partition, by number: the leases this beat renewed as renewed, the others as they are. */
  readonly leases: [number, string | null, string, string, string][] | null;
}

/**
 * `heartbeat` in one statement, on the database's clock read once: renews the owner's membership
 * (upsert) and each lease it holds that has not expired, and answers the clock, the live members and
 * every partition. A lease that lapsed is left alone: its owner must acquire it again, under a new
 * token. A concurrent takeover is seen by the renewal (PostgreSQL re-checks the row it waited for), so
 * a beat never renews a lease that another owner has just taken.
 */
export const heartbeatProcessor = async (
  client: PoolClient,
  names: SqlNames,
  { processor, owner, leaseMs }: HeartbeatRequest,
): Promise<ProcessorHeartbeat> => {
  const result = await client.query<HeartbeatRow>(
    `WITH clock AS MATERIALIZED (SELECT ${DATABASE_NOW_MS} AS now),
     registered AS MATERIALIZED (SELECT partitions FROM ${names.processors} WHERE name = $1),
     membership AS (
       INSERT INTO ${names.processorMembers} (processor, owner, expires_at)
       SELECT $1, $2, c.now + $3 FROM clock c, registered
       ON CONFLICT (processor, owner) DO UPDATE SET expires_at = EXCLUDED.expires_at
     ),
     renewed AS (
       UPDATE ${names.processorPartitions} p SET expires_at = c.now + $3
         FROM clock c
        WHERE p.processor = $1 AND p.owner = $2 AND p.expires_at > c.now
       RETURNING p.partition, p.owner, p.expires_at, p.token, p.checkpoint
     ),
     leases AS (
       SELECT * FROM renewed
       UNION ALL
       SELECT p.partition, p.owner, p.expires_at, p.token, p.checkpoint
         FROM ${names.processorPartitions} p
        WHERE p.processor = $1 AND p.partition NOT IN (SELECT partition FROM renewed)
     )
     SELECT c.now::text AS now,
            (SELECT partitions FROM registered) AS partitions,
            ARRAY(SELECT m.owner FROM ${names.processorMembers} m
                   WHERE m.processor = $1 AND m.owner <> $2 AND m.expires_at > c.now) AS others,
            (SELECT json_agg(json_build_array(l.partition, l.owner, l.expires_at::text, l.token::text,
                                              l.checkpoint::text) ORDER BY l.partition)
               FROM leases l) AS leases
       FROM clock c`,
    [processor, owner, leaseMs],
  );
  const row = result.rows[0] as HeartbeatRow;
  assertPartitionExists(processor, row.partitions);
  const leases = (row.leases ?? []).map(([partition, holder, expires_at, token, checkpoint]) =>
    toPartitionLease({ partition, owner: holder, expires_at, token, checkpoint } satisfies LeaseRow),
  );
  // Sorted here, by UTF-16 code units as JavaScript sorts, whatever the database's collation.
  const members = [...row.others, owner].sort();
  return { now: Number(row.now), members, leases };
};
