import { describe, expect, it } from 'vitest';
import { watchPlan } from './watchPlan';

const ids = (count: number): string[] => Array.from({ length: count }, (_, index) => `a${index}`);

describe('watchPlan', () => {
  it('follows a short list whole, a page appended included', () => {
    expect(watchPlan(ids(3), new Set(), new Set(), 50)).toEqual({ watch: ['a0', 'a1', 'a2'], unwatch: [] });
    expect(watchPlan(ids(5), new Set(), new Set(ids(3)), 50)).toEqual({ watch: ['a3', 'a4'], unwatch: [] });
  });

  it('follows the cards on screen first when the list is longer than the bound', () => {
    const plan = watchPlan(ids(10), new Set(['a8', 'a9']), new Set(ids(4)), 4);
    expect(plan).toEqual({ watch: ['a8', 'a9'], unwatch: ['a2', 'a3'] });
  });

  it('stops following the auctions no longer listed', () => {
    expect(watchPlan(['b0'], new Set(['a1']), new Set(ids(2)), 50)).toEqual({
      watch: ['b0'],
      unwatch: ['a0', 'a1'],
    });
  });
});
