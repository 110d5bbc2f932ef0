import { type AuctionState, initialState } from '../auction/auctionState';
import { evolve } from '../auction/evolve';
import type { AuditInputEvent } from './auditInput';
import { decodeAuditEvent } from './decodeAuditEvents';
import { eventReason } from './eventReason';
import { amountFormatter } from './formatAmount';
import type { ExplainOptions, TimelineEntry } from './timelineEntry';

const actorOf = (event: { type: string; data: Record<string, unknown> }): string | null => {
  switch (event.type) {
    case 'AuctionOpened':
      return String(event.data.sellerId);
    case 'BidPlaced':
    case 'MaxBidSet':
    case 'BidRetracted':
      return String(event.data.bidderId);
    case 'AuctionClosed':
      return event.data.reason === 'buy-now' ? String(event.data.winnerId) : null;
    case 'AuctionCancelled':
      return String(event.data.by);
    default:
      return null;
  }
};

/**
 * Explains an auction stream: one {@link TimelineEntry} per event, in order, with the price and the
 * leader before and after it (as `publicView` shows them), whether it moved them, and the reason in
 * plain words with the numbers in the auction's currency ("C's automatic bid answered D's 120.00:
 * runner-up max 120.00 + increment 2.00 = 122.00"). The states are the fold of the recorded events, so
 * every entry's `priceAfter` and `leaderAfter` equal `fold` of the events so far. Events are brought
 * to today's schema first; an unknown event changes nothing and says so.
 *
 * Pure, O(n). Maxima above the price are hidden unless `revealMax`.
 */
export const explain = (
  events: readonly AuditInputEvent[],
  options: ExplainOptions = {},
): TimelineEntry[] => {
  const revealMax = options.revealMax === true;
  const timeline: TimelineEntry[] = new Array(events.length);
  let state: AuctionState = initialState();
  let money = amountFormatter('USD');
  let lastBidder: string | null = null;
  for (let i = 0; i < events.length; i++) {
    // Decoded on the way, not into an array first: fewer objects kept alive over a long stream.
    const item = decodeAuditEvent(events[i] as AuditInputEvent, i + 1);
    const before = state;
    const leaderBefore = before.leader?.bidderId ?? null;
    // One literal of one shape per entry (absent amounts are undefined, which JSON leaves out): this
    // loop runs once per event of a long stream.
    if (!item.ok) {
      timeline[i] = {
        version: item.version,
        type: item.type,
        at: item.at,
        actor: null,
        priceBefore: before.price,
        priceAfter: before.price,
        leaderBefore,
        leaderAfter: leaderBefore,
        movedPrice: false,
        movedLeader: false,
        automatic: false,
        amount: undefined,
        maxAmount: undefined,
        endsAt: before.rules === null ? null : before.endsAt,
        reason: `${item.message}: ignored`,
      };
      continue;
    }
    const event = item.event;
    if (event.type === 'AuctionOpened' && before.rules === null) money = amountFormatter(event.data.currency);
    state = evolve(before, event);
    const after = state;
    const actor = actorOf(event as never);
    const leaderAfter = after.leader?.bidderId ?? null;
    const bid = event.type === 'BidPlaced' || event.type === 'MaxBidSet';
    timeline[i] = {
      version: item.version,
      type: event.type,
      at: item.at,
      actor,
      priceBefore: before.price,
      priceAfter: after.price,
      leaderBefore,
      leaderAfter,
      movedPrice: before.price !== after.price,
      movedLeader: leaderBefore !== leaderAfter,
      automatic: bid && leaderAfter !== actor,
      amount: event.type === 'BidPlaced' ? event.data.amount : undefined,
      maxAmount: event.type === 'MaxBidSet' && revealMax ? event.data.maxAmount : undefined,
      endsAt: after.rules === null ? null : after.endsAt,
      reason: eventReason(event, { before, after, money, revealMax, lastBidder }),
    };
    if (bid) lastBidder = actor;
  }
  return timeline;
};
