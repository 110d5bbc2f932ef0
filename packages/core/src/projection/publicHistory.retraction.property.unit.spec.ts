/**
 * The public projection of auctions with retractions and both soft-close modes: one `'retracted'`
 * entry per retraction, with the price after it; every automatic `'bid'` entry names the offer it
 * beat, never above its price; no message shows a max above the price, nor a raw bidder id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { walkKeys } from '../../test/publicKeys';
import { R_BIDDERS, retractionScenarioArb, runRetractionScenario } from '../../test/randomRetractions';
import { initialState } from '../auction/auctionState';
import { evolve } from '../auction/evolve';
import type { BidderMask } from './bidderMask';
import { type PublicChange, projectPublicEvent } from './projectPublicEvent';
import { initialPublicProjection } from './publicProjection';

const mask: BidderMask = (auctionId, bidderId) => `m${auctionId}x${bidderId.charCodeAt(0).toString(16)}`;
const RAW_IDS = new Set<string>(R_BIDDERS);

describe('public history with retractions (property)', () => {
  it("'retracted' entries carry the price after them, 'beaten' is never above the price, no secret shows", () => {
    fc.assert(
      fc.property(retractionScenarioArb(), (scenario) => {
        const { events } = runRetractionScenario(scenario);
        let projection = initialPublicProjection();
        let state = initialState();
        events.forEach((event, i) => {
          const version = i + 1;
          const where = `version ${version}: ${JSON.stringify(event)}`;
          const step = projectPublicEvent(projection, { ...event, streamVersion: version }, mask);
          projection = step.projection;
          state = evolve(state, event);
          const change: PublicChange | null = step.change;
          if (event.type === 'BidRetracted') {
            expect(change?.entry, where).toEqual({
              version,
              at: event.data.at,
              kind: 'retracted',
              price: state.price,
              bidder: state.leader === null ? null : mask('a1', state.leader.bidderId),
              automatic: false,
            });
            expect(change?.view.price, where).toBe(state.price);
          }
          if (change === null) return;
          const entry = change.entry;
          if (entry?.beaten !== undefined) {
            expect(entry.kind, where).toBe('bid');
            expect(entry.automatic, where).toBe(true);
            expect(entry.beaten.amount, where).toBeLessThanOrEqual(entry.price as number);
          }
          if (entry?.kind === 'bid') expect(entry.beaten !== undefined, where).toBe(entry.automatic);
          // Nothing above the price that is a max, and no raw id, anywhere in the change.
          const price = state.price ?? -1;
          const secrets = new Set<number>();
          if (state.leader !== null && state.leader.max > price) secrets.add(state.leader.max);
          if (state.runnerUpMax !== null && state.runnerUpMax > price) secrets.add(state.runnerUpMax);
          const reserve = state.rules?.reservePrice;
          if (reserve !== undefined && reserve > price) secrets.add(reserve);
          walkKeys(change, (key, inner) => {
            if (key === 'leaderId' || key === 'winnerId' || key === 'bidder')
              expect(inner === null || !RAW_IDS.has(inner as string), `${where}: raw id in ${key}`).toBe(
                true,
              );
            if (key === 'price' || key === 'amount')
              expect(secrets.has(inner as number), `${where}: ${key} ${inner} is a secret`).toBe(false);
          });
        });
      }),
      seeded(300),
    );
  });
});
