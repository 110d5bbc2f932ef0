import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAuctionService,
  type EventStore,
  initialState,
  type PublicView,
  publicView,
  rebuildProcessor,
} from '@gavel/core';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, pgUrl, randomSchema } from '../../../../../packages/adapters/postgres/test/pgTestEnv';
import { openStore } from '../../config/openStore';
import { recordListing } from '../../streams/listingStream';
import { readAuction } from '../auctions/readAuction';
import type { CatalogDatabase } from './catalogDatabase';
import type { CatalogQuery, CatalogSort, CatalogStatus } from './catalogRow';
import { CATALOG_PROCESSOR, type CatalogStorage, createCatalog } from './createCatalog';
import { memoryCatalogDatabase } from './memoryCatalogDatabase';
import { searchWords } from './searchWords';
import { viewAt } from './storedView';

const dir = mkdtempSync(join(tmpdir(), 'gavel-catalog-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

const logger = pino({ level: 'silent' });
const NOW = Date.UTC(2026, 11, 1);
const WORDS = ['leica', 'camera', 'oak', 'chair', 'vintage', 'lamp', 'red', 'atlas', 'clock', 'café'];
const SORTS: readonly CatalogSort[] = ['ending', 'newest', 'price-asc', 'price-desc'];
const STATUSES: readonly (CatalogStatus | undefined)[] = [undefined, 'open', 'ended', 'closed', 'cancelled'];

/** One auction of the random market: its title, prices, timing and what happens to it. */
const auctionArbitrary = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((words) => words.join(' ')),
  startingPrice: fc.integer({ min: 1, max: 50 }).map((n) => n * 100),
  openedAfter: fc.integer({ min: 0, max: 50_000 }),
  lastsMs: fc.integer({ min: 60_000, max: 3_600_000 }),
  bids: fc.array(
    fc.record({
      raise: fc.integer({ min: 1, max: 40 }),
      straight: fc.boolean(),
      // The bidder withdraws right after it: their latest bid, or all of them (see `retraction`).
      retract: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
  // The engine's default (only the latest bid in the last 12 hours), or all bids until the end.
  retraction: fc.constantFrom(undefined, { fullBeforeEndMs: 0, latestWithinMs: 3_600_000 }),
  fate: fc.constantFrom('open', 'ended', 'closed', 'cancelled'),
});

type MarketAuction = typeof auctionArbitrary extends fc.Arbitrary<infer T> ? T : never;

/**
 * Writes the market to the store through the service, at a clock that moves as each event happens.
 * Answers the moment to ask the queries at, and the scopes of the retractions accepted.
 */
const writeMarket = async (
  store: EventStore,
  auctions: readonly MarketAuction[],
): Promise<{ now: number; retracted: string[] }> => {
  const retracted: string[] = [];
  let now = NOW;
  const service = createAuctionService({ store, clock: () => now });
  const ended: string[] = [];
  for (const [i, auction] of auctions.entries()) {
    const auctionId = `a${String(i).padStart(4, '0')}`;
    now = NOW + auction.openedAfter;
    await recordListing(store, { auctionId, title: auction.title, sellerName: 'Sam' }, now);
    const endsAt = auction.fate === 'open' ? NOW + 10_000_000 + auction.lastsMs : now + auction.lastsMs;
    const opened = await service.execute({
      type: 'OpenAuction',
      data: {
        auctionId,
        sellerId: 'seller',
        currency: 'USD',
        startingPrice: auction.startingPrice,
        startsAt: now,
        endsAt,
        ...(auction.retraction === undefined ? {} : { retraction: auction.retraction }),
      },
    });
    if (!opened.ok) throw new Error(`could not open ${auctionId}: ${opened.code}`);
    for (const [b, { raise, straight, retract }] of auction.bids.entries()) {
      const bidderId = `bidder-${b % 3}`;
      const amount = auction.startingPrice + raise * 100;
      await service.execute(
        straight
          ? { type: 'PlaceBid', data: { auctionId, bidderId, amount } }
          : { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount } },
      );
      if (!retract) continue;
      const answer = await service.execute({
        type: 'RetractBid',
        data: { auctionId, bidderId, reason: 'typo' },
      });
      const event = answer.ok ? answer.events[0] : undefined;
      if (event?.type === 'BidRetracted') retracted.push(`${event.data.scope}:${event.data.withdrawn}`);
    }
    if (auction.fate === 'cancelled')
      await service.execute({ type: 'CancelAuction', data: { auctionId, by: 'seller' } });
    if (auction.fate === 'closed' || auction.fate === 'ended') ended.push(auctionId);
    if (auction.fate === 'closed') {
      const before = now;
      now = endsAt + 1;
      await service.execute({ type: 'CloseAuction', data: { auctionId } });
      now = before;
    }
  }
  // The moment the queries are asked: after every end of the ended ones, before the open ones end.
  return { now: NOW + 5_000_000, retracted };
};

/** Every page of a query, one after the other, as a client follows `nextCursor`. */
const allPages = async (
  database: CatalogDatabase<unknown>,
  query: Omit<CatalogQuery, 'after'>,
  now: number,
) => {
  const ids: string[] = [];
  let after: CatalogQuery['after'];
  for (let page = 0; page < 1000; page++) {
    const result = await database.list({ ...query, ...(after === undefined ? {} : { after }) }, now);
    ids.push(...result.rows.map((row) => row.auctionId));
    const last = result.rows[result.rows.length - 1];
    if (!result.more || last === undefined) return ids;
    after = { sort: query.sort, value: last.sortValue, auctionId: last.auctionId };
  }
  throw new Error('more than 1000 pages');
};

/** Runs a catalog processor over the store into `storage` until it has caught up. */
const catchUp = async (store: EventStore, storage: CatalogStorage<unknown>, name = CATALOG_PROCESSOR) => {
  const catalog = createCatalog({ store, storage, logger, name });
  await catalog.start();
  await catalog.stop();
};

const stores: [string, () => Promise<{ store: EventStore; catalog: CatalogStorage<unknown> }>][] = [
  [
    'SQLite',
    async () => openStore(`sqlite:${join(dir, `catalog-${Math.random().toString(36).slice(2)}.db`)}`),
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = randomSchema('gavel_catalog');
      schemas.push(schema);
      return openStore(`${pgUrl}?schema=${schema}`);
    },
  ],
];

describe.each(stores)('the catalog in %s', (_name, open) => {
  it('pages every sort and filter exactly as the model does: nothing repeated or skipped; a rebuild gives the same rows', async () => {
    const auctions: MarketAuction[] = fc.sample(auctionArbitrary, { numRuns: 250, seed: 42 });
    const { store, catalog } = await open();
    try {
      const { now, retracted } = await writeMarket(store, auctions);
      // Both scopes, and withdrawals of one bid and of several, are among them.
      expect(retracted).toContain('latest:1');
      expect(retracted).toContain('all:1');
      expect(retracted.some((taken) => taken.startsWith('all:') && taken !== 'all:1')).toBe(true);
      await catchUp(store, catalog);
      const model = { database: memoryCatalogDatabase(), transactional: false } as CatalogStorage<unknown>;
      await catchUp(store, model, 'catalog-model');
      const queries = fc.sample(
        fc.record({
          sort: fc.constantFrom(...SORTS),
          status: fc.constantFrom(...STATUSES),
          limit: fc.integer({ min: 1, max: 40 }),
          words: fc.oneof(
            fc.constant(undefined),
            fc.subarray(WORDS, { minLength: 1, maxLength: 2 }).map((words) => searchWords(words.join(' '))),
          ),
        }),
        { numRuns: 60, seed: 7 },
      );
      for (const query of queries) {
        const clean: Omit<CatalogQuery, 'after'> = {
          sort: query.sort,
          limit: query.limit,
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.words === undefined ? {} : { words: query.words }),
        };
        const expected = await allPages(model.database, { ...clean, limit: 10_000 }, now);
        const paged = await allPages(catalog.database, clean, now);
        expect(paged, JSON.stringify(clean)).toEqual(expected);
        expect(new Set(paged).size).toBe(paged.length);
      }
      const everything = await allPages(catalog.database, { sort: 'ending', limit: 10_000 }, now);
      expect(everything).toHaveLength(auctions.length);

      // An auction's page from the catalog is what its stream gives: view, version and public history.
      const identity = (_auctionId: string, bidderId: string) => bidderId;
      for (const auctionId of everything.slice(0, 60)) {
        const detail = await catalog.database.auctionDetail(auctionId, 'bidder-1');
        const stream = await readAuction(store, auctionId, identity, now);
        expect(detail?.row.version).toBe(stream?.version);
        expect(detail?.history).toEqual(stream?.history);
        expect(publicView(detail?.state ?? initialState(), now)).toEqual(stream?.view);
        expect(viewAt(detail?.row.view as PublicView, now)).toEqual(stream?.view);
        expect(detail?.offer ?? null).toEqual(stream?.offers.get('bidder-1') ?? null);
      }

      // Each bidder's "my bids" are the auctions where the stream leaves them an offer (retractions
      // applied: all bids withdrawn, or the latest, falling back to the one before), with that offer.
      const streams = new Map<string, ReadonlyMap<string, unknown>>();
      for (const auctionId of everything)
        streams.set(auctionId, (await readAuction(store, auctionId, identity, now))?.offers ?? new Map());
      for (const bidder of ['bidder-0', 'bidder-1', 'bidder-2']) {
        const mine = await catalog.database.bidsOf(bidder, 10_000);
        const expected = [...streams].flatMap(([auctionId, offers]) =>
          offers.has(bidder) ? [[auctionId, offers.get(bidder)]] : [],
        );
        expect(new Map(mine.rows.map((row) => [row.auctionId, row.offer]))).toEqual(
          new Map(expected as never),
        );
        expect((await model.database.bidsOf(bidder, 10_000)).rows.map((row) => row.offer)).toEqual(
          mine.rows.map((row) => row.offer),
        );
      }
      expect([...streams.values()].some((offers) => offers.size > 0)).toBe(true);

      // A rebuild from zero: the same rows, in the same order, for every sort.
      const before = await Promise.all(
        SORTS.map((sort) => catalog.database.list({ sort, limit: 10_000 }, now)),
      );
      await rebuildProcessor({
        checkpoints: (catalog.checkpoints ?? store.processors) as never,
        name: CATALOG_PROCESSOR,
        clear: () => catalog.database.clear(),
      });
      expect((await catalog.database.list({ sort: 'ending', limit: 10 }, now)).rows).toEqual([]);
      await catchUp(store, catalog);
      const after = await Promise.all(
        SORTS.map((sort) => catalog.database.list({ sort, limit: 10_000 }, now)),
      );
      expect(after).toEqual(before);
    } finally {
      await store.close();
    }
  }, 120_000);
});
