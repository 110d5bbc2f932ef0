import type { PartitionLease } from './processorStore';

/**
 * How many partitions member `owner` should own: the live members, sorted, share them evenly, the first
 * `partitions % members` getting one more (so the targets add up to `partitions`). 0 for a non-member.
 */
export const partitionTarget = (members: readonly string[], owner: string, partitions: number): number => {
  const index = members.indexOf(owner);
  if (index === -1) return 0;
  const base = Math.floor(partitions / members.length);
  return base + (index < partitions % members.length ? 1 : 0);
};

/** Which of its partitions an owner holding more than its target gives up: the highest-numbered. */
export const partitionsToRelease = (owned: readonly number[], target: number): number[] =>
  [...owned].sort((a, b) => b - a).slice(0, Math.max(0, owned.length - target));

/**
 * The partitions an owner may try to take, in the order to try them: those nobody holds (free, or
 * expired by `now`) and it does not own already, starting from `offset` (its index among the members)
 * and wrapping around, so that members starting together try different ones first.
 */
export const partitionsToAcquire = (
  leases: readonly PartitionLease[],
  now: number,
  owned: ReadonlySet<number>,
  offset: number,
): number[] => {
  const free = leases
    .filter((lease) => !owned.has(lease.partition) && (lease.owner === null || lease.expiresAt <= now))
    .map((lease) => lease.partition);
  if (free.length === 0) return free;
  const start = offset % free.length;
  return [...free.slice(start), ...free.slice(0, start)];
};
