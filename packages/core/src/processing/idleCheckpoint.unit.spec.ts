import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { createProcessor } from './createProcessor';
import type { CheckpointCommit } from './processorStore';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the checkpoint of a quiet partition', () => {
  it('does not move past a handled batch whose checkpoint and state changes are still being saved', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('s-1', [{ type: 'T', data: {} }], { expectedVersion: 'no_stream' });
    const { lastPosition } = await store.appendToStream('other-1', [{ type: 'T', data: {} }], {
      expectedVersion: 'no_stream',
    });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const saved: CheckpointCommit[] = [];
    // The commit of the handled batch (with its state change) is slow; any other commit is at once.
    const checkpoints = new Proxy(store.processors, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'commit' || typeof value !== 'function') return value;
        return async (request: CheckpointCommit) => {
          if (request.changes !== undefined) await gate;
          const ok = await value.call(target, request);
          if (ok) saved.push(request);
          return ok;
        };
      },
    });
    const processor = createProcessor({
      store,
      name: 'quiet',
      category: 's',
      checkpoints,
      leaseMs: 200,
      renewIntervalMs: 10,
      onError: () => {},
      handle: (_events, { state }) => state.set('seen', '1'),
    });
    void processor.start();
    await sleep(100); // several renewals, each moving quiet checkpoints up to the reader
    expect(saved.filter((commit) => commit.position >= 1n)).toEqual([]);
    open();
    await expect.poll(() => saved.map((commit) => commit.position)).toContain(1n);
    await expect.poll(() => saved.map((commit) => commit.position)).toContain(lastPosition);
    await processor.stop();
  });
});
