import { describe, expect, it } from 'vitest';
import { numbers } from '../conformance/conformanceHelpers';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { createProcessor } from './createProcessor';
import { rebuildProcessor } from './rebuildProcessor';

const note = (n: number) => ({ type: 'Noted', data: { n } });

describe('rebuildProcessor', () => {
  it('empties the read model and resets the checkpoints: the next start handles the whole history again', async () => {
    const store = getInMemoryEventStore();
    for (let n = 1; n <= 5; n++)
      await store.appendToStream(`notes-${n % 2}`, [note(n)], { expectedVersion: 'any' });
    const model: unknown[] = [];
    const make = () =>
      createProcessor({
        store,
        name: 'notes',
        partitions: 2,
        onError: () => {},
        handle: (events) => {
          model.push(...numbers(events));
        },
      });
    const first = make();
    await first.start();
    await first.stop();
    expect(model.sort()).toEqual([1, 2, 3, 4, 5]);

    const order: string[] = [];
    await rebuildProcessor({
      checkpoints: store.processors,
      name: 'notes',
      clear: async () => {
        order.push('clear');
        model.length = 0;
      },
    });
    const again = make();
    await again.start();
    expect(model.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual(['clear']);
    await again.stop();
  });

  it('refuses while a process runs the processor, and does nothing then', async () => {
    const store = getInMemoryEventStore();
    const running = createProcessor({ store, name: 'busy', onError: () => {}, handle: () => {} });
    await running.start();
    let cleared = false;
    const rebuild = rebuildProcessor({
      checkpoints: store.processors,
      name: 'busy',
      clear: async () => {
        cleared = true;
      },
    });
    await expect(rebuild).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/running/),
    });
    expect(cleared).toBe(false);
    await running.stop();
    await rebuildProcessor({ checkpoints: store.processors, name: 'busy' });
  });

  it('clears a processor that never ran, and refuses a bad name', async () => {
    const store = getInMemoryEventStore();
    let cleared = false;
    await rebuildProcessor({
      checkpoints: store.processors,
      name: 'never',
      clear: async () => {
        cleared = true;
      },
    });
    expect(cleared).toBe(true);
    await expect(rebuildProcessor({ checkpoints: store.processors, name: 'bad name' })).rejects.toMatchObject(
      { name: 'InvalidOptionsError', code: 'INVALID_OPTIONS', path: 'name' },
    );
  });
});
