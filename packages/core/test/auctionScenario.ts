import { expect } from 'vitest';
import {
  type AuctionCommand,
  type AuctionEvent,
  type AuctionState,
  type Decision,
  decide,
  evolve,
  fold,
  initialState,
  type OpenAuction,
  publicView,
  type RejectionCode,
} from '../src';

/** Test-only: a running auction that commands are decided against and whose events are folded in. */
export interface AuctionScenario {
  readonly state: () => AuctionState;
  readonly events: () => readonly AuctionEvent[];
  /** Decides a command at `now`; on success folds its events in. */
  readonly run: (command: AuctionCommand, now?: number) => Decision;
  readonly bid: (bidderId: string, amount: number, now?: number) => Decision;
  readonly max: (bidderId: string, maxAmount: number, now?: number) => Decision;
  /** Asserts the visible price, leader and minimum next bid. */
  readonly expectView: (price: number | null, leaderId: string | null, minimumNextBid?: number) => void;
}

/** Default time of a scenario: every auction opens at 1 000 and ends at 1 000 000. */
export const T0 = 1_000;
export const END = 1_000_000;

/** Opens an auction `a1` by seller `S` at {@link T0} and returns a scenario around it. */
export const openScenario = (data: Partial<OpenAuction['data']> = {}): AuctionScenario => {
  let state = initialState();
  const events: AuctionEvent[] = [];
  const run = (command: AuctionCommand, now = T0 + events.length): Decision => {
    const decision = decide(command, state, now);
    if (decision.ok) {
      for (const event of decision.events) {
        state = evolve(state, event);
        events.push(event);
      }
    }
    return decision;
  };
  const opened = run(
    {
      type: 'OpenAuction',
      data: { auctionId: 'a1', sellerId: 'S', currency: 'USD', startingPrice: 1000, endsAt: END, ...data },
    },
    T0,
  );
  expect(opened.ok).toBe(true);
  return {
    state: () => state,
    events: () => events,
    run,
    bid: (bidderId, amount, now) =>
      run({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId, amount } }, now),
    max: (bidderId, maxAmount, now) =>
      run({ type: 'SetMaxBid', data: { auctionId: 'a1', bidderId, maxAmount } }, now),
    expectView: (price, leaderId, minimumNextBid) => {
      const view = publicView(state, T0);
      expect({ price: view?.price, leaderId: view?.leaderId }).toEqual({ price, leaderId });
      if (minimumNextBid !== undefined) expect(view?.minimumNextBid).toBe(minimumNextBid);
      expect(fold(events)).toEqual(state);
    },
  };
};

/** Asserts that a decision is a rejection with `code`. */
export const expectRejected = (decision: Decision, code: RejectionCode): void => {
  expect(decision).toMatchObject({ ok: false, code });
};

/** Asserts that a decision is accepted and returns its events. */
export const expectAccepted = (decision: Decision): readonly AuctionEvent[] => {
  expect(decision.ok, decision.ok ? '' : `${decision.code}: ${decision.message}`).toBe(true);
  return decision.ok ? decision.events : [];
};
