import { describe, expect, it } from 'vitest';
import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import type { EventStore } from '../eventStore/eventStore';
import { EventStoreError } from '../eventStore/eventStoreError';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, setMaxBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

/** A store that refuses, with `error`, every append holding an event of bidder `refused`. */
/** The data of a bid's event; undefined for another event. */
const bidOf = (recorded: { readonly type: string; readonly data: unknown }) => {
  const event = decodeAuctionEvent(recorded);
  return event?.type === 'BidPlaced' || event?.type === 'MaxBidSet' ? event.data : undefined;
};

const refusingStore = (inner: EventStore, refused: string, error: () => unknown) => {
  const appends: number[] = [];
  const store: EventStore = {
    ...inner,
    readStream: (name, options) => inner.readStream(name, options),
    appendToStream: async (name, events, options) => {
      appends.push(events.length);
      if (events.some((event) => bidOf(event)?.bidderId === refused)) throw error();
      return inner.appendToStream(name, events, options);
    },
  };
  return { store, appends };
};

const clock = () => T0 + 1_000;

/** A batch of honest max bids with one refused bidder's in the middle, sent in one turn. */
const batchWithOneRefused = (size: number, at: number) =>
  Array.from({ length: size }, (_, n) =>
    setMaxBid('a1', n === at ? 'refused' : `h${n % 3}`, 1_000 * (n + 1), `b${n}`),
  );

describe('a store that refuses one command of a batch', () => {
  for (const [label, error] of [
    ['INVALID_ARGUMENT', () => new EventStoreError('INVALID_ARGUMENT', 'text the store cannot keep')],
    ['a driver error', () => Object.assign(new Error('invalid byte sequence'), { code: '22021' })],
  ] as const)
    it(`writes every other command and fails only that one (${label})`, async () => {
      const inner = getInMemoryEventStore();
      const { store, appends } = refusingStore(inner, 'refused', error);
      const service = createAuctionService({ store, clock });
      expect((await service.execute(openAuction('a1'))).ok).toBe(true);
      appends.length = 0;
      const commands = batchWithOneRefused(29, 11);
      const settled = await Promise.allSettled(commands.map((command) => service.execute(command)));
      settled.forEach((answer, n) => {
        if (n === 11) expect(answer).toMatchObject({ status: 'rejected', reason: error() });
        else expect(answer, `bid ${n}`).toMatchObject({ status: 'fulfilled', value: { ok: true } });
      });
      const stream = (await inner.readStream('auction-a1')).events;
      expect(stream.map((event) => bidOf(event)?.bidId).slice(1)).toEqual(
        commands.filter((_, n) => n !== 11).map((command) => command.data.bidId),
      );
      // Bisected: log2(29) rounds down to the refused command, not one append per command.
      expect(appends[0]).toBe(29);
      expect(appends.length).toBeLessThan(2 * Math.ceil(Math.log2(29)) + 2);
      // The service goes on: the next batch is written in one append.
      appends.length = 0;
      expect(await service.execute(setMaxBid('a1', 'h9', 100_000, 'after'))).toMatchObject({ ok: true });
      expect(appends).toEqual([1]);
    });

  it('fails the whole batch alike when the store itself is failing', async () => {
    const inner = getInMemoryEventStore();
    let down = false;
    const appends: number[] = [];
    const store: EventStore = {
      ...inner,
      readStream: (name, options) => inner.readStream(name, options),
      appendToStream: async (name, events, options) => {
        appends.push(events.length);
        if (down) throw new EventStoreError('UNAVAILABLE', 'connection refused');
        return inner.appendToStream(name, events, options);
      },
    };
    const service = createAuctionService({ store, clock });
    await service.execute(openAuction('a1'));
    down = true;
    appends.length = 0;
    const settled = await Promise.allSettled(batchWithOneRefused(8, -1).map((c) => service.execute(c)));
    expect(settled.every((answer) => answer.status === 'rejected')).toBe(true);
    expect(appends).toEqual([8]);
  });
});
