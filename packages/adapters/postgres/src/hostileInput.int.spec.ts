import { createAuctionService, type SetMaxBid } from '@gavel/core';
import { HOSTILE_STRINGS, hostileBids, openAuctionCommand, TEST_AUCTION_START } from '@gavel/core/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, pgUrl, randomSchema } from '../test/pgTestEnv';
import { getPostgresEventStore } from './getPostgresEventStore';

// Hostile input through the service on PostgreSQL: honest bids batched with hostile ones are all
// accepted, every hostile one is answered INVALID_COMMAND, nothing throws, and the stream holds the
// honest bids only (before the edge checks, one bid with U+0000 made PostgreSQL refuse the whole batch).
const schema = randomSchema('gavel_hostile');
const store = getPostgresEventStore({ connectionString: pgUrl, schema });
afterAll(async () => {
  await store.close();
  await dropSchema(schema);
});
let count = 0;

const honestBid = (auctionId: string, n: number): SetMaxBid => ({
  type: 'SetMaxBid',
  data: { auctionId, bidderId: `h${n % 3}`, maxAmount: 1_000 * (n + 1), bidId: `honest-${n}` },
});

/** A hostile input for the auction of a run: anything at all, one of the kit's, or a bid with a hostile string. */
const hostileArbitrary: fc.Arbitrary<(auctionId: string) => unknown> = fc.oneof(
  fc
    .anything()
    .filter((value) => !(typeof value === 'object' && value !== null && 'type' in value))
    .map((value) => () => value),
  fc.anything({ withObjectString: true }).map((data) => () => ({ type: 'PlaceBid', data })),
  fc.nat().map((n) => (auctionId: string) => {
    const bids = hostileBids(auctionId);
    return bids[n % bids.length];
  }),
  fc
    .tuple(fc.constantFrom(...HOSTILE_STRINGS.map(([, text]) => text)), fc.string(), fc.boolean())
    .map(([text, around, asBidId]) => (auctionId: string) => ({
      type: 'SetMaxBid',
      data: {
        auctionId,
        bidderId: asBidId ? 'mallory' : `${around}${text}`,
        maxAmount: 999_999_999,
        ...(asBidId ? { bidId: `${text}${around}` } : {}),
      },
    })),
);

const runProperty = async (numRuns: number): Promise<void> => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.option(hostileArbitrary, { freq: 2 }), { minLength: 1, maxLength: 30 }),
      async (mix) => {
        const auctionId = `hot-${++count}`;
        const service = createAuctionService({ store, clock: () => TEST_AUCTION_START + 1_000 });
        expect((await service.execute(openAuctionCommand(auctionId))).ok).toBe(true);
        let honest = 0;
        const inputs = mix.map((entry) =>
          entry === null
            ? { honest: true, input: honestBid(auctionId, honest++) as unknown }
            : { honest: false, input: entry(auctionId) },
        );
        // biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the type forbids
        const answers = await Promise.allSettled(inputs.map(({ input }) => service.execute(input as any)));
        answers.forEach((answer, n) => {
          expect(answer.status, `input ${n} threw`).toBe('fulfilled');
          if (answer.status !== 'fulfilled') return;
          if (inputs[n]?.honest) expect(answer.value, `honest input ${n}`).toMatchObject({ ok: true });
          else
            expect(answer.value, `hostile input ${n}`).toMatchObject({
              ok: false,
              code: 'INVALID_COMMAND',
            });
        });
        const recorded = (await store.readStream(`auction-${auctionId}`)).events.slice(1);
        expect(recorded.map((event) => (event.data as { bidId: string }).bidId)).toEqual(
          Array.from({ length: honest }, (_, n) => `honest-${n}`),
        );
      },
    ),
    { numRuns },
  );
};

describe('hostile input through the service on PostgreSQL', () => {
  it('accepts every honest bid and answers every hostile input INVALID_COMMAND', async () => {
    await runProperty(30);
  });

  it('answers the kit’s hostile bids INVALID_COMMAND beside honest bids in one batch', async () => {
    const service = createAuctionService({ store, clock: () => TEST_AUCTION_START + 1_000 });
    await service.execute(openAuctionCommand('kit'));
    const inputs = hostileBids('kit').flatMap((input, n) => [honestBid('kit', n) as unknown, input]);
    // biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the type forbids
    const answers = await Promise.all(inputs.map((input) => service.execute(input as any)));
    answers.forEach((answer, n) => {
      expect(answer, `input ${n}`).toMatchObject(
        n % 2 === 0 ? { ok: true } : { ok: false, code: 'INVALID_COMMAND' },
      );
    });
    const recorded = (await store.readStream('auction-kit')).events.slice(1);
    expect(recorded.map((event) => (event.data as { bidId: string }).bidId)).toEqual(
      hostileBids('kit').map((_, n) => `honest-${n}`),
    );
  });
});
