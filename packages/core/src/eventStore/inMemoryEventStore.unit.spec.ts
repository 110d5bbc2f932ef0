import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from './inMemoryEventStore';

describe('getInMemoryEventStore', () => {
  it('stamps recordedAt from its clock', async () => {
    const store = getInMemoryEventStore({ clock: () => 1_700_000_000_000 });
    await store.appendToStream('s-1', [{ type: 'T', data: {} }], { expectedVersion: 'any' });
    expect((await store.readStream('s-1')).events[0]?.recordedAt).toBe(1_700_000_000_000);
  });

  it('rejects malformed appends with INVALID_ARGUMENT', async () => {
    const store = getInMemoryEventStore();
    await expect(store.appendToStream('s-1', [], { expectedVersion: 'any' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      store.appendToStream('s-1', [{ type: 'T', data: {} }], { expectedVersion: -1 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      store.appendToStream(
        's-1',
        [
          { type: 'T', data: {}, eventId: 'x' },
          { type: 'T', data: {}, eventId: 'x' },
        ],
        {
          expectedVersion: 'any',
        },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.readStream('s-1', { fromVersion: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await store.readStream('s-1')).currentVersion).toBe(0);
  });

  it('rejects an append that mixes recorded and new event ids', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('s-1', [{ type: 'T', data: {}, eventId: 'a' }], { expectedVersion: 'any' });
    await expect(
      store.appendToStream(
        's-1',
        [
          { type: 'T', data: {}, eventId: 'a' },
          { type: 'T', data: {}, eventId: 'b' },
        ],
        {
          expectedVersion: 'any',
        },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await store.readStream('s-1')).currentVersion).toBe(1);
  });

  it('ends live subscriptions on close and refuses calls afterwards', async () => {
    const store = getInMemoryEventStore();
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'caught-up', position: 0n });
    const waiting = iterator.next();
    await store.close();
    expect((await waiting).done).toBe(true);
    await expect(store.readStream('s-1')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
