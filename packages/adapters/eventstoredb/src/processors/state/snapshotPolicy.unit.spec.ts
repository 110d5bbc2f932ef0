import { describe, expect, it } from 'vitest';
import { EVENT_OVERHEAD_BYTES, MIN_CHANGES_BUDGET_BYTES, snapshotDue } from './snapshotPolicy';

describe('snapshot policy (EventStoreDB partition state)', () => {
  it('writes changes until they (with each event’s overhead) outweigh the last snapshot or the budget', () => {
    expect(snapshotDue(null, 100, 1)).toBe(false);
    expect(snapshotDue(null, MIN_CHANGES_BUDGET_BYTES, 1)).toBe(true);
    const pointer = { head: 9n, events: 10, bytes: 1_000, snapshotBytes: 100_000 };
    expect(snapshotDue(pointer, 1_000, 1)).toBe(false);
    expect(snapshotDue(pointer, 100_000 - 1_000 - 11 * EVENT_OVERHEAD_BYTES, 1)).toBe(false);
    expect(snapshotDue(pointer, 100_000 - 1_000 - 11 * EVENT_OVERHEAD_BYTES + 1, 1)).toBe(true);
  });

  it('bounds the events a read walks even when each change is tiny', () => {
    let pointer = { head: 0n, events: 0, bytes: 0, snapshotBytes: 0 };
    let commits = 0;
    while (!snapshotDue(pointer, 10, 1)) {
      pointer = { ...pointer, events: pointer.events + 1, bytes: pointer.bytes + 10 };
      commits++;
    }
    expect(commits).toBeLessThanOrEqual(MIN_CHANGES_BUDGET_BYTES / EVENT_OVERHEAD_BYTES);
  });
});
