import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionsToAcquire, partitionsToRelease, partitionTarget } from './partitionTargets';
import type { PartitionLease } from './processorStore';

const lease = (partition: number, owner: string | null, expiresAt = 0): PartitionLease => ({
  partition,
  owner,
  expiresAt,
  token: 1,
  checkpoint: 0n,
});

describe('partition targets', () => {
  it('share every partition: targets add up to the partitions, and differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1024 }), fc.integer({ min: 1, max: 40 }), (partitions, count) => {
        const members = Array.from({ length: count }, (_, i) => `m${String(i).padStart(2, '0')}`);
        const targets = members.map((member) => partitionTarget(members, member, partitions));
        expect(targets.reduce((a, b) => a + b, 0)).toBe(partitions);
        expect(Math.max(...targets) - Math.min(...targets)).toBeLessThanOrEqual(1);
        expect(Math.max(...targets)).toBe(Math.ceil(partitions / count));
      }),
    );
  });

  it('gives a non-member nothing', () => {
    expect(partitionTarget(['a', 'b'], 'c', 8)).toBe(0);
  });

  it('releases the highest-numbered partitions above the target', () => {
    expect(partitionsToRelease([0, 5, 2, 7], 2)).toEqual([7, 5]);
    expect(partitionsToRelease([1, 2], 3)).toEqual([]);
  });

  it('tries free and expired partitions it does not own, from its offset around', () => {
    const leases = [
      lease(0, 'a', 500),
      lease(1, null),
      lease(2, 'b', 100),
      lease(3, null),
      lease(4, 'me', 900),
    ];
    expect(partitionsToAcquire(leases, 200, new Set([4]), 0)).toEqual([1, 2, 3]);
    expect(partitionsToAcquire(leases, 200, new Set([4]), 1)).toEqual([2, 3, 1]);
    expect(partitionsToAcquire(leases, 600, new Set([4]), 5)).toEqual([1, 2, 3, 0]);
    expect(partitionsToAcquire([lease(0, 'a', 500)], 200, new Set(), 3)).toEqual([]);
  });
});
