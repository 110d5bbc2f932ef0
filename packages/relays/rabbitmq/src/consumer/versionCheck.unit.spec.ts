import { describe, expect, it } from 'vitest';
import { createVersionCheck } from './versionCheck';

describe('createVersionCheck', () => {
  it('takes a version above the last taken of its stream, and drops any other', () => {
    const versions = createVersionCheck();
    expect(versions.isNew('auction-a', 1)).toBe(true);
    versions.taken('auction-a', 1);
    expect(versions.isNew('auction-a', 1)).toBe(false); // a redelivery
    expect(versions.isNew('auction-a', 2)).toBe(true);
    expect(versions.isNew('auction-b', 1)).toBe(true); // each stream on its own
    versions.taken('auction-a', 5);
    expect(versions.isNew('auction-a', 3)).toBe(false);
    versions.taken('auction-a', 3); // never moves back
    expect(versions.lastTaken('auction-a')).toBe(5);
    expect(versions.lastTaken('auction-b')).toBeUndefined();
  });

  it('does not record a version until it is taken (a failed handler leaves it new)', () => {
    const versions = createVersionCheck();
    expect(versions.isNew('auction-a', 1)).toBe(true);
    expect(versions.isNew('auction-a', 1)).toBe(true);
  });
});
