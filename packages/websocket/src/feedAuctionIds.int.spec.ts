import { createAuctionService, type EventStore, EventStoreError, getInMemoryEventStore } from '@gavel/core';
import { HOSTILE_STRINGS } from '@gavel/core/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, openTestAuction, startFeed, T0, type TestClient, testBackend } from '../test/feedTestKit';
import type { AuctionFeedError } from './feed/feedError';
import type { AuctionFeedOptions } from './feed/feedOptions';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const setUp = async (
  store: EventStore = getInMemoryEventStore(),
  options: Partial<AuctionFeedOptions> = {},
) => {
  const errors: AuctionFeedError[] = [];
  const feed = await startFeed(store, { onError: (error) => errors.push(error), ...options });
  cleanup.push(feed.close);
  const client = await connect(feed.url);
  cleanup.push(client.close);
  return { store, feed, client, errors };
};

/** Sends one frame and resolves with the one answer it gets. */
const ask = async (client: TestClient, message: unknown) => {
  const before = client.messages.length;
  client.send(message);
  await client.waitFor((messages) => messages.length > before, 'an answer');
  return client.messages[before] as Record<string, unknown>;
};

/** Every kind of auction id the engine refuses: the core's hostile strings, empty, and one past the limit. */
const MALFORMED: readonly (readonly [string, string])[] = [
  ['empty', ''],
  ['129 characters (one past the engine limit)', 'y'.repeat(129)],
  ['200 characters', 'z'.repeat(200)],
  ...HOSTILE_STRINGS,
];

describe('the feed and malformed auction ids', () => {
  it.each(MALFORMED)(
    'answers INVALID_MESSAGE for %s, without echoing it, and keeps working',
    async (_, id) => {
      const inner = getInMemoryEventStore();
      const read: string[] = [];
      const store: EventStore = {
        ...inner,
        readStream: (streamName, options) => {
          read.push(streamName);
          return inner.readStream(streamName, options);
        },
      };
      await testBackend(inner, () => T0 + 1_000).execute(openTestAuction('lot-1'));
      const { client, errors } = await setUp(store);

      const answer = await ask(client, { type: 'subscribe', auctionId: id });

      expect(answer).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', field: 'auctionId' });
      expect(read).toEqual([]); // refused by the schema, at the edge: the store is never asked
      expect(answer).not.toHaveProperty('auctionId');
      if (id.length > 0) expect(client.raw[0]).not.toContain(JSON.stringify(id).slice(1, -1));
      expect(errors).toEqual([]);
      expect(await ask(client, { type: 'subscribe', auctionId: 'lot-1' })).toMatchObject({
        type: 'snapshot',
        auctionId: 'lot-1',
      });
    },
  );

  it('accepts the longest id the engine accepts (128 characters): not found, not refused', async () => {
    const { client } = await setUp();
    expect(await ask(client, { type: 'subscribe', auctionId: 'x'.repeat(128) })).toMatchObject({
      code: 'AUCTION_NOT_FOUND',
    });
  });

  it('answers UNAVAILABLE when the store fails, and reports the failure to onError', async () => {
    const inner = getInMemoryEventStore();
    const outage = new EventStoreError('UNAVAILABLE', 'connection refused');
    const store: EventStore = {
      ...inner,
      readStream: async () => {
        throw outage;
      },
    };
    const { client, errors, feed } = await setUp(store);

    const answer = await ask(client, { type: 'subscribe', auctionId: 'lot-1' });

    expect(answer).toMatchObject({ type: 'error', code: 'UNAVAILABLE', auctionId: 'lot-1' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'READ_FAILED', auctionId: 'lot-1', cause: outage });
    expect(feed.feed.stats().storeErrors).toBe(1);
  });

  it('answers INVALID_MESSAGE when the store refuses the id (INVALID_ARGUMENT), which is no outage', async () => {
    const inner = getInMemoryEventStore();
    const store: EventStore = {
      ...inner,
      readStream: async (streamName, options) => {
        if (streamName.includes('refused'))
          throw new EventStoreError('INVALID_ARGUMENT', 'no such name here');
        return inner.readStream(streamName, options);
      },
    };
    await testBackend(inner, () => T0 + 1_000).execute(openTestAuction('lot-1'));
    const { client, errors, feed } = await setUp(store);

    const answer = await ask(client, { type: 'subscribe', auctionId: 'refused-id' });

    expect(answer).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', field: 'auctionId' });
    expect(JSON.stringify(answer)).not.toContain('refused-id');
    expect(errors).toEqual([]);
    expect(feed.feed.stats().storeErrors).toBe(0);
    expect(await ask(client, { type: 'subscribe', auctionId: 'lot-1' })).toMatchObject({ type: 'snapshot' });
  });

  it('answers any string as an auction id as the engine judges it, never UNAVAILABLE (property)', async () => {
    const store = getInMemoryEventStore();
    const service = createAuctionService({ store, clock: () => T0 + 1_000 });
    const { client } = await setUp(store);
    // Any UTF-16 code unit (lone surrogates and control characters included), sometimes a long run of them.
    const unit = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom('\u0000', '\u001f', '\u007f', '\u0085', '\ud800', '\udfff', 'é', '😀'),
    );
    const id = fc.oneof(
      fc.string({ unit, maxLength: 8 }),
      fc.string({ unit, minLength: 120, maxLength: 140 }),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
      fc.string({ unit: 'grapheme-ascii', minLength: 120, maxLength: 140 }),
    );

    await fc.assert(
      fc.asyncProperty(id, fc.boolean(), async (auctionId, open) => {
        // The engine's own judgement: a bid on it (too low to be taken) is refused as INVALID_COMMAND
        // naming the auction id.
        const probe = await service.execute({
          type: 'PlaceBid',
          data: { auctionId, bidderId: 'probe', amount: 1 },
        });
        const refused =
          !probe.ok &&
          probe.code === 'INVALID_COMMAND' &&
          (probe.details as { field?: string } | undefined)?.field === 'data.auctionId';
        const opened = open && !refused && (await service.execute(openTestAuction(auctionId))).ok;
        const exists = opened || (!refused && (await service.view(auctionId)) !== null);

        const answer = await ask(client, { type: 'subscribe', auctionId });
        if (answer.type === 'snapshot') client.send({ type: 'unsubscribe', auctionId });

        if (refused) expect(answer).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
        else if (exists) expect(answer).toMatchObject({ type: 'snapshot', auctionId });
        else expect(answer).toMatchObject({ type: 'error', code: 'AUCTION_NOT_FOUND', auctionId });
      }),
      { numRuns: 300 },
    );
  });
});
