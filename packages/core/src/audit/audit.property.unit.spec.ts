import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, scenarioArb } from '../../test/randomAuction';
import { initialState } from '../auction/auctionState';
import { decide } from '../auction/decide';
import { evolve } from '../auction/evolve';
import { fold } from '../auction/fold';
import { publicView } from '../auction/publicView';
import { createAuctionService } from '../commandHandling/createAuctionService';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { explain } from './explain';
import { amountFormatter } from './formatAmount';
import { stateAt } from './stateAt';
import { verify } from './verify';

const engine = { decide, evolve, fold, initialState, publicView };

describe('audit properties over random auctions', () => {
  it("explain's prices and leaders equal the fold at every step", () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const { events } = runScenario(engine, scenario);
        const timeline = explain(events);
        expect(timeline).toHaveLength(events.length);
        let state = initialState();
        timeline.forEach((entry, i) => {
          const before = publicView(state);
          state = evolve(state, events[i] as (typeof events)[number]);
          const after = publicView(state);
          expect(entry.version).toBe(i + 1);
          expect(entry.priceBefore).toBe(before?.price ?? null);
          expect(entry.leaderBefore).toBe(before?.leaderId ?? null);
          expect(entry.priceAfter).toBe(after?.price ?? null);
          expect(entry.leaderAfter).toBe(after?.leaderId ?? null);
          expect(entry.movedPrice).toBe(entry.priceBefore !== entry.priceAfter);
          expect(stateAt(events, { version: i + 1 })).toEqual(state);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('explain names no max above the price unless asked to reveal it', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const { events } = runScenario(engine, scenario);
        const opened = events.find((e) => e.type === 'AuctionOpened');
        const money = amountFormatter(opened?.type === 'AuctionOpened' ? opened.data.currency : 'USD');
        const hidden = explain(events);
        const shown = explain(events, { revealMax: true });
        events.forEach((event, i) => {
          if (event.type !== 'MaxBidSet') return;
          const entry = hidden[i] as (typeof hidden)[number];
          expect(entry.maxAmount).toBeUndefined();
          expect(shown[i]?.maxAmount).toBe(event.data.maxAmount);
          if (event.data.maxAmount > (entry.priceAfter ?? 0))
            expect(entry.reason).not.toContain(money(event.data.maxAmount));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('verify finds nothing on any history the decider writes', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const { events } = runScenario(engine, scenario);
        expect(verify(events).findings).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('verify finds nothing on any stream the command service writes', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(40), async (scenario) => {
        const { steps } = runScenario(engine, scenario);
        const store = getInMemoryEventStore();
        let now = 0;
        const service = createAuctionService({ store, clock: () => now });
        for (const step of steps) {
          now = step.now;
          await service.execute(step.command);
        }
        const { events } = await store.readStream('auction-a1');
        expect(verify(events).findings).toEqual([]);
        expect(explain(events).map((e) => e.priceAfter)).toEqual(
          events.map((_, i) => stateAt(events, { version: i + 1 }).price),
        );
        await store.close();
      }),
      { numRuns: 60 },
    );
  });
});
