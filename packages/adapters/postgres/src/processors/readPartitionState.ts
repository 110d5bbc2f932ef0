import type { PoolClient } from 'pg';
import type { SqlNames } from '../schema/sqlNames';
import { assertPartitionExists } from './processorRefusals';
import type { PartitionState, ReadStateRequest } from './processorRequests';

/** `readState`: a partition's keys and values, with the processor's existence, in one statement. */
export const readPartitionState = async (
  client: PoolClient,
  names: SqlNames,
  { processor, partition }: ReadStateRequest,
): Promise<PartitionState> => {
  const result = await client.query<{ partitions: number; key: string | null; value: string | null }>(
    `SELECT p.partitions, s.key, s.value
       FROM ${names.processors} p
       LEFT JOIN ${names.processorState} s ON s.processor = p.name AND s.partition = $2
      WHERE p.name = $1`,
    [processor, partition],
  );
  assertPartitionExists(processor, result.rows[0]?.partitions, partition);
  return result.rows.flatMap(({ key, value }) => (key === null ? [] : [[key, value ?? ''] as const]));
};
