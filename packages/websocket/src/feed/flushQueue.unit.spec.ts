import { describe, expect, it } from 'vitest';
import { createFlushQueue } from './flushQueue';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createFlushQueue', () => {
  it('runs every scheduled flush once, after the current turn', async () => {
    const queue = createFlushQueue(0);
    const runs: string[] = [];
    queue.schedule(() => runs.push('a'));
    queue.schedule(() => runs.push('b'));
    expect(runs).toEqual([]);
    await turn();
    expect(runs).toEqual(['a', 'b']);
  });

  it('with an interval, flushes at once after a quiet spell and batches what follows', async () => {
    const queue = createFlushQueue(50);
    const runs: number[] = [];
    const start = performance.now();
    queue.schedule(() => runs.push(performance.now() - start));
    await turn();
    expect(runs).toHaveLength(1);
    queue.schedule(() => runs.push(performance.now() - start));
    queue.schedule(() => runs.push(performance.now() - start));
    await turn();
    expect(runs).toHaveLength(1); // the next flush waits for the interval
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(runs).toHaveLength(3);
    expect(runs[1]).toBeGreaterThanOrEqual(45);
    queue.close();
  });

  it('drops what is pending on close', async () => {
    const queue = createFlushQueue(0);
    let ran = false;
    queue.schedule(() => {
      ran = true;
    });
    queue.close();
    await turn();
    expect(ran).toBe(false);
  });
});
