import { describe, expect, it } from 'vitest';
import { mapLimited, range } from './mapLimited';

describe('mapLimited', () => {
  it('answers in order with at most `limit` running at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited(range(20), 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
      running--;
      return n * 2;
    });
    expect(results).toEqual(range(20).map((n) => n * 2));
    expect(most).toBe(3);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const work = mapLimited(range(10), 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('no');
      return n;
    });
    await expect(work).rejects.toThrow('no');
    expect(started).toEqual([0, 1, 2]);
  });
});
