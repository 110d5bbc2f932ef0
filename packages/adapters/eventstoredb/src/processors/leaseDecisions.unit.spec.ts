import { describe, expect, it } from 'vitest';
import { acquiredLease, committedLease, isLive, releasedLease, renewedLease } from './leaseDecisions';
import { initialLease, type LeaseRecord } from './leaseRecord';

const held = (owner: string, expiresAt: number, token = 1): LeaseRecord => ({
  ...initialLease(5n),
  owner,
  expiresAt,
  token,
});

describe('lease decisions (EventStoreDB processors)', () => {
  it('takes a free or expired partition under a new token, renews its own under the same', () => {
    expect(acquiredLease(initialLease(5n), 'a', 1_000, 100)).toMatchObject({
      owner: 'a',
      expiresAt: 1_100,
      token: 1,
    });
    expect(acquiredLease(held('b', 1_000), 'a', 1_000, 100)).toMatchObject({ owner: 'a', token: 2 });
    expect(acquiredLease(held('a', 1_000), 'a', 1_000, 100)).toMatchObject({ owner: 'a', token: 2 });
    expect(acquiredLease(held('a', 1_001), 'a', 1_000, 100)).toMatchObject({ expiresAt: 1_100, token: 1 });
    expect(acquiredLease(held('b', 1_001), 'a', 1_000, 100)).toBeNull();
  });

  it('renews only a live lease of the owner; releases only its own, keeping the checkpoint', () => {
    expect(renewedLease(held('a', 1_001), 'a', 1_000, 100)).toMatchObject({ expiresAt: 1_100, token: 1 });
    expect(renewedLease(held('a', 1_000), 'a', 1_000, 100)).toBeUndefined();
    expect(renewedLease(held('b', 5_000), 'a', 1_000, 100)).toBeUndefined();
    expect(releasedLease(held('a', 0), 'a')).toMatchObject({
      owner: null,
      expiresAt: 0,
      checkpoint: 5n,
      token: 1,
    });
    expect(releasedLease(held('b', 5_000), 'a')).toBeUndefined();
    expect(isLive(initialLease(0n), 0)).toBe(false);
  });

  it('fences a commit under another token and never moves a checkpoint back', () => {
    expect(committedLease(held('a', 0, 2), 1, 9n)).toBe('fenced');
    expect(committedLease(held('a', 0, 2), 2, 9n)).toMatchObject({ checkpoint: 9n });
    expect(committedLease(held('a', 0, 2), 2, 4n)).toMatchObject({ checkpoint: 5n });
  });
});
