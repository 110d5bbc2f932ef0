import { auctionStreamName, getInMemoryEventStore, type RecordedEvent } from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTestAuction, placeBids, SECRET, T0, testBackend } from '../../test/feedTestKit';
import { createAuctionWatches } from './auctionWatches';
import { emptyFeedStats } from './feedStats';
import type { FeedSubscription } from './feedSubscription';
import { createWatchedAuction } from './watchedAuction';

type Step =
  | { readonly kind: 'bid'; readonly count: number }
  | { readonly kind: 'deliver'; readonly count: number }
  | { readonly kind: 'skip' }
  | { readonly kind: 'duplicate'; readonly back: number }
  | { readonly kind: 'subscribe'; readonly behind: number | null }
  | { readonly kind: 'unsubscribe'; readonly which: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('bid' as const), count: fc.integer({ min: 1, max: 4 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('deliver' as const), count: fc.integer({ min: 1, max: 6 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('skip' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), back: fc.nat(5) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('subscribe' as const),
      behind: fc.option(fc.integer({ min: -3, max: 12 }), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), which: fc.nat(8) }) },
);

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Whatever the store subscription does (lags, skips events, repeats them), every subscription receives
 * either a snapshot then exactly the changes after it, or exactly the changes after its `afterVersion`
 * (a snapshot when those are no longer kept or it is ahead of the store): the frames an uninterrupted
 * projection of the whole stream makes, no gap, no duplicate, versions strictly increasing.
 */
describe('auction watches (property)', () => {
  it('serve every subscription exactly the changes it is owed, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), async (steps) => {
        const store = getInMemoryEventStore();
        const backend = testBackend(store, () => T0 + 1_000);
        await backend.execute(openTestAuction('p'));
        const mask = maskBidderId(SECRET);
        const watches = createAuctionWatches({
          store,
          mask,
          resumeWindow: 4,
          maxIdleAuctions: 2,
          stats: emptyFeedStats(),
          onError: (error) => {
            throw error;
          },
        });
        const events = async (): Promise<readonly RecordedEvent[]> =>
          (await store.readStream(auctionStreamName('p'))).events;
        let delivered = 0;
        const subscriptions: {
          subscription: FeedSubscription;
          frames: string[];
          after: number | undefined;
        }[] = [];
        for (const step of steps) {
          const all = await events();
          if (step.kind === 'bid') await placeBids(backend, 'p', step.count);
          else if (step.kind === 'deliver') {
            const end = Math.min(all.length, delivered + step.count);
            for (; delivered < end; delivered++) watches.deliver(all[delivered] as RecordedEvent);
          } else if (step.kind === 'skip') delivered = Math.min(all.length, delivered + 1);
          else if (step.kind === 'duplicate' && delivered > 0)
            watches.deliver(all[Math.max(0, delivered - 1 - step.back)] as RecordedEvent);
          else if (step.kind === 'subscribe') {
            const frames: string[] = [];
            const subscription: FeedSubscription = {
              auctionId: 'p',
              cursor: 0,
              active: true,
              send: (frame) => frames.push(frame.toString()),
            };
            const after = step.behind === null ? undefined : Math.max(0, all.length - step.behind);
            subscriptions.push({ subscription, frames, after });
            void watches.subscribe(subscription, after);
          } else if (step.kind === 'unsubscribe' && subscriptions.length > 0) {
            const chosen = subscriptions[step.which % subscriptions.length];
            if (chosen !== undefined) watches.unsubscribe(chosen.subscription);
          }
          await settle();
        }
        // One more bid, delivered with the rest: the watches notice a skipped event when a later one
        // arrives, so every run ends with one (a skip with nothing after it is noticed by nobody).
        await placeBids(backend, 'p', 1);
        const all = await events();
        for (; delivered < all.length; delivered++) watches.deliver(all[delivered] as RecordedEvent);
        await settle();

        const reference = createWatchedAuction('p', mask, 1_000_000);
        for (const event of all) reference.apply(event);
        const changes = (reference.framesAfter(0) ?? []).map((frame) => frame.toString());
        const versionOf = (frame: string): number => JSON.parse(frame).version as number;
        for (const { subscription, frames, after } of subscriptions) {
          const versions = frames.map(versionOf);
          for (let i = 1; i < versions.length; i++)
            expect(versions[i]).toBeGreaterThan(versions[i - 1] as number);
          if (frames.length === 0) continue; // unsubscribed before it was served
          const first = JSON.parse(frames[0] as string);
          const from = first.type === 'snapshot' ? (first.version as number) : (after as number);
          const rest = first.type === 'snapshot' ? frames.slice(1) : frames;
          if (first.type === 'snapshot') {
            const at = versionOf(frames[0] as string);
            const expected = createWatchedAuction('p', mask, 10);
            for (const event of all.slice(0, at)) expected.apply(event);
            expect(frames[0]).toBe(expected.snapshotFrame().toString());
          }
          const owed = changes.filter((frame) => versionOf(frame) > from);
          if (subscription.active) expect(rest).toEqual(owed);
          else expect(owed.slice(0, rest.length)).toEqual(rest);
        }
      }),
      {
        numRuns: 100,
        examples: [
          // A gap in the live events while a subscription is served.
          [
            [
              { kind: 'subscribe', behind: null },
              { kind: 'bid', count: 3 },
              { kind: 'deliver', count: 1 },
              { kind: 'skip' },
              { kind: 'deliver', count: 5 },
            ],
          ],
          // A resume from just before the oldest change kept (resumeWindow 4: changes 9..13 kept of 13).
          [
            [
              { kind: 'subscribe', behind: null },
              { kind: 'bid', count: 4 },
              { kind: 'bid', count: 4 },
              { kind: 'bid', count: 4 },
              { kind: 'deliver', count: 6 },
              { kind: 'deliver', count: 6 },
              { kind: 'deliver', count: 6 },
              { kind: 'subscribe', behind: 6 },
              { kind: 'subscribe', behind: 5 },
            ],
          ],
        ],
      },
    );
  });
});
