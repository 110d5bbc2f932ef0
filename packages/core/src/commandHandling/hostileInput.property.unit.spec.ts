import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SetMaxBid } from '../auction/commands';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { HOSTILE_STRINGS, hostileBids } from '../testing/hostileInput';
import { openAuction, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

/** The n-th honest bid of a batch: bidders in turn, each max 1 000 above the last, so each is accepted. */
const honestBid = (n: number): SetMaxBid => ({
  type: 'SetMaxBid',
  data: { auctionId: 'hot', bidderId: `h${n % 3}`, maxAmount: 1_000 * (n + 1), bidId: `honest-${n}` },
});

/** A hostile input: anything at all, one of the kit's hostile bids, or a bid with a hostile string. */
const hostileArbitrary = fc.oneof(
  fc.anything().filter((value) => !(typeof value === 'object' && value !== null && 'type' in value)),
  fc.anything({ withObjectString: true }).map((data) => ({ type: 'PlaceBid', data })),
  fc.nat().map((n) => () => hostileBids('hot')[n % hostileBids('hot').length]),
  fc
    .tuple(fc.constantFrom(...HOSTILE_STRINGS.map(([, text]) => text)), fc.string(), fc.constantFrom(0, 1, 2))
    .map(([text, around, where]) => {
      const hostile = where === 0 ? `${around}${text}` : `${text}${around}`;
      return {
        type: 'SetMaxBid',
        data: {
          auctionId: 'hot',
          bidderId: where === 2 ? 'mallory' : hostile,
          maxAmount: 999_999_999,
          bidId: where === 2 ? hostile : undefined,
        },
      };
    }),
);

describe('hostile input through the service', () => {
  it('accepts every honest bid of a batch and answers every hostile input INVALID_COMMAND; nothing throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(hostileArbitrary, { freq: 2 }), { minLength: 1, maxLength: 40 }),
        async (mix) => {
          const store = getInMemoryEventStore();
          const service = createAuctionService({ store, clock: () => T0 + 1_000 });
          expect((await service.execute(openAuction('hot'))).ok).toBe(true);
          let honest = 0;
          const inputs = mix.map((entry) =>
            entry === null
              ? { honest: true, input: honestBid(honest++) as unknown }
              : { honest: false, input: typeof entry === 'function' ? entry() : entry },
          );
          // biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the type forbids
          const answers = await Promise.allSettled(inputs.map(({ input }) => service.execute(input as any)));
          answers.forEach((answer, n) => {
            expect(answer.status, `input ${n} threw`).toBe('fulfilled');
            const result = (answer as PromiseFulfilledResult<Awaited<ReturnType<typeof service.execute>>>)
              .value;
            if (inputs[n]?.honest) expect(result, `honest input ${n}`).toMatchObject({ ok: true });
            else {
              expect(result, `hostile input ${n}`).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
              expect((result as { message: string }).message.length).toBeLessThan(300);
            }
          });
          const recorded = (await store.readStream('auction-hot')).events.slice(1);
          expect(recorded.map((event) => (event.data as { bidId: string }).bidId)).toEqual(
            Array.from({ length: honest }, (_, n) => `honest-${n}`),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers every input of the kit’s hostile list INVALID_COMMAND beside honest bids in one batch', async () => {
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store, clock: () => T0 + 1_000 });
    await service.execute(openAuction('hot'));
    const hostile = hostileBids('hot');
    const inputs = hostile.flatMap((input, n) => [honestBid(n) as unknown, input]);
    // biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the type forbids
    const answers = await Promise.all(inputs.map((input) => service.execute(input as any)));
    answers.forEach((answer, n) => {
      expect(answer, `input ${n}`).toMatchObject(
        n % 2 === 0 ? { ok: true } : { ok: false, code: 'INVALID_COMMAND' },
      );
    });
    expect(service.stats()).toMatchObject({ batches: 2, batchedCommands: 1 + hostile.length });
  });
});
