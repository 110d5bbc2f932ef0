import type { PartitionLease } from '@gavel/core';

/** A row of `processor_partitions` as the processor statements select it (`bigint`s as text). */
export interface LeaseRow {
  readonly partition: number;
  readonly owner: string | null;
  readonly expires_at: string;
  readonly token: string;
  readonly checkpoint: string;
}

/** The select list that produces a {@link LeaseRow} from `processor_partitions` aliased `p`. */
export const LEASE_COLUMNS = `p.partition, p.owner, p.expires_at::text AS expires_at, p.token::text AS token,
  p.checkpoint::text AS checkpoint`;

/** Maps a row to core's `PartitionLease` (checkpoint as `bigint`). */
export const toPartitionLease = (row: LeaseRow): PartitionLease => ({
  partition: row.partition,
  owner: row.owner,
  expiresAt: Number(row.expires_at),
  token: Number(row.token),
  checkpoint: BigInt(row.checkpoint),
});
