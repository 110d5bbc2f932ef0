import type { PoolClient } from 'pg';
import type { SqlNames } from '../schema/sqlNames';

/**
 * `reset`: deletes the processor's members and its row, and with it (`ON DELETE CASCADE`) its
 * partitions and their state, in one statement. A processor that does not exist is already reset.
 */
export const resetProcessor = async (
  client: PoolClient,
  names: SqlNames,
  processor: string,
): Promise<void> => {
  await client.query(
    `WITH members AS (DELETE FROM ${names.processorMembers} WHERE processor = $1)
     DELETE FROM ${names.processors} WHERE name = $1`,
    [processor],
  );
};
