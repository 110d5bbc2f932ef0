import type { AuctionOffers } from './auctionOffers';
import type { AuctionState } from './auctionState';
import { commandShapeProblem } from './commandShape';
import type { AuctionCommand } from './commands';
import { type DecisionWithState, decideBid, decideBidWithState } from './decideBid';
import { decideBuyNow } from './decideBuyNow';
import { decideCancelAuction } from './decideCancelAuction';
import { decideCloseAuction } from './decideCloseAuction';
import { decideOpenAuction } from './decideOpenAuction';
import { decideRetractBid } from './decideRetractBid';
import { type Decision, rejected } from './decision';
import { evolve } from './evolve';

/**
 * The auction decider: given a command, the auction's state and the server's `now` (epoch ms), returns
 * the events that record the command, or a rejection with a `code`. Pure and total: it reads no clock,
 * does no I/O and never throws, whatever it is given.
 *
 * `offers` is read by `RetractBid` only, which needs every offer of the auction while the state keeps
 * just the leader and the runner-up max: pass `auctionOffers(events)` of the events `state` is the
 * fold of. A `RetractBid` that the state allows, decided without them (or with another state's), is
 * rejected `INVALID_COMMAND` with `field: 'offers'`. The command service reads them itself.
 */
export const decide = (
  command: AuctionCommand,
  state: AuctionState,
  now: number,
  offers?: AuctionOffers,
): Decision => {
  const shape = commandShapeProblem(command);
  if (shape !== null) return rejected('INVALID_COMMAND', shape.message, { field: shape.field });
  return decideWellFormed(command, state, now, offers);
};

/**
 * {@link decide} for a command already known to pass {@link commandShapeProblem} (the command service
 * checks the shape once, at its edge). Still pure and total for every well-formed command.
 */
export const decideWellFormed = (
  command: AuctionCommand,
  state: AuctionState,
  now: number,
  offers?: AuctionOffers,
): Decision => {
  if (!Number.isSafeInteger(now))
    return rejected('INVALID_COMMAND', 'now must be epoch milliseconds (a safe integer)', { field: 'now' });
  switch (command.type) {
    case 'OpenAuction':
      return decideOpenAuction(command, state, now);
    case 'PlaceBid':
    case 'SetMaxBid':
      return decideBid(command, state, now);
    case 'BuyNow':
      return decideBuyNow(command, state, now);
    case 'CloseAuction':
      return decideCloseAuction(command, state, now);
    case 'CancelAuction':
      return decideCancelAuction(command, state, now);
    case 'RetractBid':
      return decideRetractBid(command, state, now, offers);
  }
};

/**
 * {@link decideWellFormed} that also returns the state after the decision's events, so that the
 * command service evolves each event once. A bid is recorded with `bidId` when one is given (the
 * service draws one per command at its edge), as {@link decide} would record it otherwise. `offers`
 * as for {@link decide} (a `RetractBid` only).
 */
export const decideWellFormedWithState = (
  command: AuctionCommand,
  state: AuctionState,
  now: number,
  bidId: string | undefined,
  offers?: AuctionOffers,
): DecisionWithState => {
  if (
    bidId !== undefined &&
    (command.type === 'PlaceBid' || command.type === 'SetMaxBid') &&
    Number.isSafeInteger(now)
  )
    return decideBidWithState(command, state, now, bidId);
  const decision = decideWellFormed(command, state, now, offers);
  if (!decision.ok) return { decision, state };
  let after = state;
  for (const event of decision.events) after = evolve(after, event);
  return { decision, state: after };
};
