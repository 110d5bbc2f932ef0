import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import type { EventStore } from '../eventStore/eventStore';
import { EventStoreError } from '../eventStore/eventStoreError';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// Whatever the store does (hangs of any length, answers lost after the write, refusals), every
// execute settles within timeoutMs of its call, and the stream holds exactly what the answers say.

const TIMEOUT_MS = 1_000;
const clock = () => T0 + 1_000;
/** Waits `ms` of (fake) time; not at all for 0, so that a store with nothing left to delay needs no timer. */
const sleep = async (ms: number) => {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
};

/** What the store does with one append: waits `delayMs`, then writes and answers, writes and loses the answer, or refuses. */
interface AppendFate {
  readonly delayMs: number;
  readonly outcome: 'ok' | 'lost' | 'refused';
}

const appendFate = fc.record({
  delayMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_500 })),
  outcome: fc.constantFrom('ok', 'ok', 'lost', 'refused'),
});

/** A bid sent `at` ms into the run; `again` sends an earlier bid again (same bidId, bidder and amount). */
const bid = fc.record({
  at: fc.integer({ min: 0, max: 3_000 }),
  bidder: fc.constantFrom('ann', 'bob', 'cy'),
  steps: fc.integer({ min: 0, max: 20 }),
  again: fc.option(fc.nat(), { nil: undefined }),
});

/** `inner`, its appends and reads following the fates given, in turn (then quick and fine). */
const fatefulStore = (inner: EventStore, appends: AppendFate[], readDelays: number[]): EventStore => ({
  ...inner,
  readStream: async (name, options) => {
    await sleep(readDelays.shift() ?? 0);
    return inner.readStream(name, options);
  },
  appendToStream: async (name, events, options) => {
    const fate = appends.shift() ?? { delayMs: 0, outcome: 'ok' };
    await sleep(fate.delayMs);
    if (fate.outcome === 'refused') throw new EventStoreError('UNAVAILABLE', 'refused');
    const result = await inner.appendToStream(name, events, options);
    if (fate.outcome === 'ok') return result;
    throw new EventStoreError('TIMEOUT', 'answer lost', { mayHaveWritten: true });
  },
});

interface Call {
  readonly bidId: string;
  ms?: number;
  value?: { ok: boolean; duplicate?: true };
  error?: EventStoreError;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the deadline of execute, whatever the store does', () => {
  it('settles every call within timeoutMs and records each bid answered ok exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(bid, { minLength: 1, maxLength: 25 }),
        fc.array(appendFate, { maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 1_500 }), { maxLength: 10 }),
        async (bids, appendFates, readDelays) => {
          const inner = getInMemoryEventStore();
          await createAuctionService({ store: inner, clock }).execute(openAuction('a1'));
          const fates = { appends: [...appendFates], reads: [...readDelays] };
          const service = createAuctionService({
            store: fatefulStore(inner, fates.appends, fates.reads),
            clock,
            timeoutMs: TIMEOUT_MS,
          });
          const calls: Call[] = [];
          const sent: Array<{ bidder: string; amount: number; bidId: string }> = [];
          bids.forEach(({ at, bidder, steps, again }, n) => {
            const first = { bidder, amount: 100 + 50 * steps, bidId: `b${n}` };
            const { bidId, ...rest } =
              again === undefined || n === 0 ? first : (sent[again % n] as typeof first);
            sent.push({ ...rest, bidId });
            setTimeout(() => {
              const call: Call = { bidId };
              calls.push(call);
              const started = performance.now();
              service.execute(placeBid('a1', rest.bidder, rest.amount, bidId)).then(
                (value) => Object.assign(call, { ms: performance.now() - started, value }),
                (error: EventStoreError) => Object.assign(call, { ms: performance.now() - started, error }),
              );
            }, at);
          });
          await vi.runAllTimersAsync();

          expect(calls).toHaveLength(bids.length);
          for (const call of calls) {
            expect(call.ms, `${call.bidId} unanswered`).toBeDefined();
            expect(call.ms).toBeLessThanOrEqual(TIMEOUT_MS);
            if (call.error !== undefined) expect(call.error).toBeInstanceOf(EventStoreError);
          }
          const recorded = (await inner.readStream('auction-a1')).events.flatMap((recordedEvent) => {
            const event = decodeAuctionEvent(recordedEvent);
            return event?.type === 'BidPlaced' ? [event.data.bidId] : [];
          });
          expect(new Set(recorded).size, 'a bid recorded twice').toBe(recorded.length);
          for (const bidId of new Set(calls.map((call) => call.bidId))) {
            const own = calls.filter((call) => call.bidId === bidId);
            const accepted = own.some((call) => call.value?.ok === true);
            const mayHaveWritten = own.some((call) => call.error?.mayHaveWritten === true);
            if (accepted) expect(recorded, `${bidId} answered ok, not recorded`).toContain(bidId);
            // A bid refused by the rules and sent again later may be accepted then: only its answers count.
            if (!accepted && !mayHaveWritten)
              expect(recorded, `${bidId} recorded, no answer said it may be`).not.toContain(bidId);
          }

          // Once the store answers again, the service goes on from the right state.
          fates.appends.length = 0;
          fates.reads.length = 0;
          const last = service.execute(placeBid('a1', 'dan', 100_000, 'last'));
          await vi.runAllTimersAsync();
          const { events } = await inner.readStream('auction-a1');
          expect(await last).toMatchObject({ ok: true, version: events.length });
          const fresh = createAuctionService({ store: inner, clock });
          expect(await service.view('a1')).toEqual(await fresh.view('a1'));
        },
      ),
      seeded(150),
    );
  });
});
