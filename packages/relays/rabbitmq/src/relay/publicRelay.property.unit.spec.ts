import {
  type AuctionCommand,
  type BidderMask,
  fnv1a32,
  fold,
  getInMemoryEventStore,
  maskPublicView,
  publicView,
  toAuctionEvent,
} from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeBroker, type FakePublished } from '../../test/fakeBroker';
import { openCommand, runCommands, steppingService } from '../../test/relayTestKit';
import { createRabbitMqRelay } from './createRabbitMqRelay';

/** Raw ids all start with `RAW-`; a masked id never does. */
const mask: BidderMask = (auctionId, bidderId) => `m${fnv1a32(`${auctionId}/${bidderId}`).toString(36)}`;
const BIDDERS = ['RAW-ann', 'RAW-bob', 'RAW-cy'];
const AUCTIONS = ['lot 1.*', 'lot-2'];
const RESERVE = 4_511;

const commandArb: fc.Arbitrary<AuctionCommand> = fc.oneof(
  fc.record({
    type: fc.constant('PlaceBid' as const),
    data: fc.record({
      auctionId: fc.constantFrom(...AUCTIONS),
      bidderId: fc.constantFrom(...BIDDERS),
      amount: fc.integer({ min: 10, max: 60 }).map((n) => n * 100),
    }),
  }),
  fc.record({
    type: fc.constant('SetMaxBid' as const),
    data: fc.record({
      auctionId: fc.constantFrom(...AUCTIONS),
      bidderId: fc.constantFrom(...BIDDERS),
      maxAmount: fc.integer({ min: 10, max: 90 }).map((n) => n * 100 + 37), // never a step price
    }),
  }),
  fc.record({
    type: fc.constant('CancelAuction' as const),
    data: fc.record({ auctionId: fc.constantFrom(...AUCTIONS), by: fc.constant('RAW-seller') }),
  }),
);

/** Numeric fields that may be above the price: times, versions, counts and public amounts. */
const PUBLIC_ABOVE_PRICE = new Set([
  'at',
  'startsAt',
  'endsAt',
  'version',
  'bidCount',
  'minimumNextBid',
  'buyNowPrice',
]);

/** Every number in a JSON value, with the path of keys to it. */
const numbersIn = (value: unknown, path: readonly string[] = []): Array<[readonly string[], number]> => {
  if (typeof value === 'number') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => numbersIn(inner, [...path, key]));
};

/** What every public message must be: the feed's change frame of its version, and nothing raw. */
const checkPublicMessages = async (commands: readonly AuctionCommand[], reserve: boolean): Promise<void> => {
  const store = getInMemoryEventStore();
  const service = steppingService(store);
  await runCommands(service, [
    ...AUCTIONS.map((auctionId) => openCommand(auctionId, reserve ? { reservePrice: RESERVE } : {})),
    ...commands,
  ]);
  const broker = createFakeBroker();
  const relay = createRabbitMqRelay({
    store,
    connection: broker.connect,
    audience: 'public',
    mask,
    onError: () => {},
  });
  await relay.start();
  await relay.stop();
  const versionsSeen = new Map<string, number>();
  for (const message of broker.published as FakePublished[]) {
    const text = `${message.routingKey} ${JSON.stringify(message.properties)} ${message.content.toString('utf8')}`;
    expect(text).not.toContain('RAW-');
    expect(text).not.toContain('MaxBidSet');
    expect(message.exchange).toBe('gavel.public');
    expect(message.properties.type).toBe('change');
    const body = JSON.parse(message.content.toString('utf8'));
    const stream = `auction-${body.auctionId}`;
    expect(message.routingKey.startsWith('change.')).toBe(true);
    expect(body.version).toBeGreaterThan(versionsSeen.get(stream) ?? 0);
    versionsSeen.set(stream, body.version);
    // The view is exactly the masked public view of the fold up to that version, at the event's time.
    const { events } = await store.readStream(stream, { maxCount: body.version });
    const state = fold(events.map(toAuctionEvent));
    const at = (events[events.length - 1]?.data as { at: number } | undefined)?.at ?? 0;
    expect(body.view).toEqual(maskPublicView(publicView(state, at) as never, mask));
    // No amount above the price but those the public may see (the next bid, buy now): so no secret
    // maximum and no reserve above the price, whichever field it would hide in.
    const price = state.price ?? 0;
    for (const [path, value] of numbersIn(body))
      if (!PUBLIC_ABOVE_PRICE.has(path[path.length - 1] ?? ''))
        expect(value, path.join('.')).toBeLessThanOrEqual(price);
    expect(Object.keys(body).sort()).toEqual(
      body.entry === undefined
        ? ['auctionId', 'type', 'version', 'view']
        : ['auctionId', 'entry', 'type', 'version', 'view'],
    );
  }
};

describe('the public relay', () => {
  it('never publishes a raw id, a secret maximum, the reserve or an event type: only the feed’s changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArb, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        checkPublicMessages,
      ),
      { numRuns: 40 },
    );
  });

  it('publishes the same changes after a restart mid-stream as in one run (its projections come from the checkpoint)', async () => {
    const store = getInMemoryEventStore();
    const service = steppingService(store);
    const bid = (bidderId: string, maxAmount: number): AuctionCommand => ({
      type: 'SetMaxBid',
      data: { auctionId: 'lot-1', bidderId, maxAmount },
    });
    await runCommands(service, [openCommand('lot-1'), bid('RAW-ann', 5_037), bid('RAW-bob', 3_037)]);
    const broker = createFakeBroker();
    const options = {
      store,
      connection: broker.connect,
      audience: 'public' as const,
      mask,
      onError: () => {},
    };
    const first = createRabbitMqRelay(options);
    await first.start();
    await first.stop();
    await runCommands(service, [bid('RAW-cy', 7_037), bid('RAW-ann', 9_037)]);
    const reads: string[] = [];
    const watched = {
      ...store,
      readStream: (...args: Parameters<typeof store.readStream>) => {
        reads.push(args[0]);
        return store.readStream(...args);
      },
    };
    const second = createRabbitMqRelay({ ...options, store: watched });
    await second.start();
    await second.stop();
    const oneRun = createFakeBroker();
    const whole = createRabbitMqRelay({ ...options, connection: oneRun.connect, name: 'one-run' });
    await whole.start();
    await whole.stop();
    const bodies = (published: readonly FakePublished[]) => published.map((m) => m.content.toString('utf8'));
    expect(bodies(broker.published)).toEqual(bodies(oneRun.published));
    expect(broker.published).toHaveLength(5);
    expect(reads).toEqual([]); // the projection came from the partition's state, not from the stream
  });
});
