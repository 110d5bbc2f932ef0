/**
 * What the public view promises, over random auctions: a leader's silent raise cannot be seen (the
 * view, `bidCount` included, is the very same after it); `bidCount` counts exactly the accepted bids
 * that changed the price or the leader; the status says whether a bid can be taken now, and the
 * minimum next bid is the least a newcomer may bid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { type Engine, runScenario, scenarioArb, type Trace } from '../../test/randomAuction';
import { initialState } from './auctionState';
import type { AuctionCommand } from './commands';
import { decide } from './decide';
import { evolve } from './evolve';
import { fold } from './fold';
import { publicView } from './publicView';

const engine: Engine = { decide, evolve, fold, initialState, publicView };

const where = (trace: Trace, i: number): string => {
  const step = trace.steps[i];
  return `step ${i} at ${step?.now}: ${JSON.stringify(step?.command)} -> ${JSON.stringify(step?.decision)}`;
};

const isBid = (
  command: AuctionCommand,
): command is Extract<AuctionCommand, { type: 'PlaceBid' | 'SetMaxBid' }> =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid';

/** A leader's raise that moves neither the price nor the leader leaves the whole view as it was. */
const silentRaiseIsUnseen = (subject: Engine) =>
  fc.property(scenarioArb(), (scenario) => {
    const trace = runScenario(subject, scenario);
    trace.steps.forEach((step, i) => {
      const { before, after, command, decision, now } = step;
      if (!decision.ok || !isBid(command) || before.leader?.bidderId !== command.data.bidderId) return;
      if (after.price !== before.price || after.leader?.bidderId !== before.leader?.bidderId) return;
      expect(subject.publicView(after, now), where(trace, i)).toEqual(subject.publicView(before, now));
    });
  });

/** The public `bidCount` is the number of accepted bids after which the price or the leader differed. */
const bidCountCountsWhatIsSeen = (subject: Engine) =>
  fc.property(scenarioArb(), (scenario) => {
    const trace = runScenario(subject, scenario);
    let seen = 0;
    trace.steps.forEach((step, i) => {
      const { before, after, command, decision, now } = step;
      if (command.type === 'OpenAuction' && decision.ok) seen = 0;
      if (decision.ok && isBid(command))
        if (after.price !== before.price || after.leader?.bidderId !== before.leader?.bidderId) seen += 1;
      const view = subject.publicView(after, now);
      if (view !== null) expect(view.bidCount, where(trace, i)).toBe(seen);
      expect(after.visibleBidCount, where(trace, i)).toBeLessThanOrEqual(after.bidCount);
    });
  });

/**
 * The status at `now` agrees with what `decide` does at `now`: while `'open'`, a newcomer's bid of the
 * minimum next bid is accepted and one below it is too low; while `'ended'` or `'scheduled'`, every
 * bid is refused as `AUCTION_ENDED` or `AUCTION_NOT_STARTED`, and an ended auction shows no minimum.
 */
const statusTellsWhetherABidIsTaken = (subject: Engine) =>
  fc.property(scenarioArb(), (scenario) => {
    const trace = runScenario(subject, scenario);
    trace.steps.forEach((step, i) => {
      const { after, now } = step;
      const view = subject.publicView(after, now);
      if (view === null) return;
      const at = where(trace, i);
      const bid = (amount: number): AuctionCommand => ({
        type: 'PlaceBid',
        data: { auctionId: view.auctionId, bidderId: 'newcomer', amount },
      });
      const decideBid = (amount: number) => subject.decide(bid(amount), after, now);
      expect(subject.publicView(after)?.status, at).toBe(after.status === 'open' ? 'open' : after.status);
      switch (view.status) {
        case 'open':
        case 'scheduled': {
          const minimum = view.minimumNextBid as number;
          expect(minimum, at).toBeGreaterThan(0);
          if (view.status === 'scheduled') {
            expect(decideBid(minimum), at).toMatchObject({ ok: false, code: 'AUCTION_NOT_STARTED' });
            break;
          }
          if (minimum > (after.rules?.maxAmount as number)) {
            expect(decideBid(minimum), at).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
            break;
          }
          expect(decideBid(minimum).ok, at).toBe(true);
          if (minimum > 1)
            expect(decideBid(minimum - 1), at).toMatchObject({ ok: false, code: 'BID_TOO_LOW' });
          break;
        }
        case 'ended':
          expect(after.status, at).toBe('open');
          expect(now, at).toBeGreaterThanOrEqual(after.endsAt);
          expect(view.minimumNextBid, at).toBeNull();
          expect(view.buyNowPrice, at).toBeNull();
          expect(decideBid(10 ** 9), at).toMatchObject({ ok: false, code: 'AUCTION_ENDED' });
          break;
        default:
          expect(view.status, at).toBe(after.status);
          expect(view.minimumNextBid, at).toBeNull();
          expect(decideBid(10 ** 9), at).toMatchObject({ ok: false, code: 'AUCTION_CLOSED' });
      }
    });
  });

// ---- broken views, each a plausible bug ------------------------------------------------------------------

/** The public count of every accepted bid, silent raises included (as before). */
const countsEveryBid: Engine = {
  ...engine,
  publicView: (state, now) => {
    const view = publicView(state, now);
    return view === null ? null : { ...view, bidCount: state.bidCount };
  },
};
/** No 'ended' status: an auction past its end still shows as open, with a minimum next bid. */
const neverEnded: Engine = {
  ...engine,
  publicView: (state) => publicView(state),
};

describe('the public view', () => {
  it('cannot see a silent raise: the view after it is the view before it', () => {
    fc.assert(silentRaiseIsUnseen(engine), seeded(400));
  });

  it('counts the bids that changed the price or the leader, and no others', () => {
    fc.assert(bidCountCountsWhatIsSeen(engine), seeded(400));
  });

  it('shows a status that says whether a bid is taken now, and a minimum next bid that is one', () => {
    fc.assert(statusTellsWhetherABidIsTaken(engine), seeded(300));
  });

  it.each([
    ['a silent raise counted', silentRaiseIsUnseen(countsEveryBid)],
    ['a silent raise counted', bidCountCountsWhatIsSeen(countsEveryBid)],
    ['an auction past its end shown as open', statusTellsWhetherABidIsTaken(neverEnded)],
  ])('catches %s', (_bug, property) => {
    const details = fc.check(property, { ...seeded(500, false), endOnFailure: true });
    expect(details.failed, 'the property did not catch the broken view').toBe(true);
  });
});
