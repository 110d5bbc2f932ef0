import fc from 'fast-check';
import { expect } from 'vitest';
import type { SetMaxBid } from '../src/auction/commands';
import type { AuctionService } from '../src/commandHandling/createAuctionService';
import { createAuctionService } from '../src/commandHandling/createAuctionService';
import type { EventStore } from '../src/eventStore/eventStore';
import { HOSTILE_STRINGS, hostileBids } from '../src/testing/hostileInput';
import { openAuctionCommand, TEST_AUCTION_START } from '../src/testing/openAuctionCommand';

/**
 * Test-only: the hostile-input checks through the command service, the same on every store (the
 * in-memory store's unit test and the SQLite and PostgreSQL int tests run them).
 */

/** The n-th honest bid of a batch: bidders in turn, each max 1 000 above the last, so each is accepted. */
const honestBid = (auctionId: string, n: number): SetMaxBid => ({
  type: 'SetMaxBid',
  data: { auctionId, bidderId: `h${n % 3}`, maxAmount: 1_000 * (n + 1), bidId: `honest-${n}` },
});

/** A hostile input for a run's auction: anything at all, one of the kit's, or a bid with a hostile string. */
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
    .tuple(fc.constantFrom(...HOSTILE_STRINGS.map(([, text]) => text)), fc.string(), fc.constantFrom(0, 1, 2))
    .map(([text, around, where]) => (auctionId: string) => {
      const hostile = where === 0 ? `${around}${text}` : `${text}${around}`;
      return {
        type: 'SetMaxBid',
        data: {
          auctionId,
          bidderId: where === 2 ? 'mallory' : hostile,
          maxAmount: 999_999_999,
          ...(where === 2 ? { bidId: hostile } : {}),
        },
      };
    }),
);

/** Where a check gets its store: a fresh one per run (closed after it), or one shared store. */
export type HostileInputStore = { readonly fresh: () => EventStore } | { readonly shared: EventStore };

const withStore = async (source: HostileInputStore, use: (store: EventStore) => Promise<void>) => {
  if ('shared' in source) return use(source.shared);
  const store = source.fresh();
  try {
    await use(store);
  } finally {
    await store.close();
  }
};

const openService = async (store: EventStore, auctionId: string): Promise<AuctionService> => {
  const service = createAuctionService({ store, clock: () => TEST_AUCTION_START + 1_000 });
  expect((await service.execute(openAuctionCommand(auctionId))).ok).toBe(true);
  return service;
};

const recordedBidIds = async (store: EventStore, auctionId: string): Promise<string[]> =>
  (await store.readStream(`auction-${auctionId}`)).events
    .slice(1)
    .map((event) => (event.data as { readonly bidId: string }).bidId);

let auctions = 0;

/**
 * The property: honest bids batched with hostile inputs are all accepted, every hostile one is
 * answered `INVALID_COMMAND` with a short message, nothing throws, and the stream holds the honest
 * bids only.
 */
export const checkHostileInputProperty = async (
  source: HostileInputStore,
  numRuns: number,
): Promise<void> => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.option(hostileArbitrary, { freq: 2 }), { minLength: 1, maxLength: 40 }),
      (mix) =>
        withStore(source, async (store) => {
          const auctionId = `hostile-${++auctions}`;
          const service = await openService(store, auctionId);
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
            else {
              expect(answer.value, `hostile input ${n}`).toMatchObject({
                ok: false,
                code: 'INVALID_COMMAND',
              });
              expect((answer.value as { readonly message: string }).message.length).toBeLessThan(300);
            }
          });
          expect(await recordedBidIds(store, auctionId)).toEqual(
            Array.from({ length: honest }, (_, n) => `honest-${n}`),
          );
        }),
    ),
    { numRuns },
  );
};

/**
 * Every hostile bid of the kit, each beside an honest bid, in one batch: the honest ones accepted and
 * recorded, the hostile ones answered `INVALID_COMMAND`. Returns the service for further checks.
 */
export const checkKitHostileBids = async (source: HostileInputStore): Promise<AuctionService> => {
  let service: AuctionService | undefined;
  await withStore(source, async (store) => {
    const auctionId = `kit-${++auctions}`;
    service = await openService(store, auctionId);
    const hostile = hostileBids(auctionId);
    const inputs = hostile.flatMap((input, n) => [honestBid(auctionId, n) as unknown, input]);
    const opened = service;
    // biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the type forbids
    const answers = await Promise.all(inputs.map((input) => opened.execute(input as any)));
    answers.forEach((answer, n) => {
      expect(answer, `input ${n}`).toMatchObject(
        n % 2 === 0 ? { ok: true } : { ok: false, code: 'INVALID_COMMAND' },
      );
    });
    expect(await recordedBidIds(store, auctionId)).toEqual(hostile.map((_, n) => `honest-${n}`));
  });
  return service as AuctionService;
};
