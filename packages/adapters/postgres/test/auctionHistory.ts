import { isDeepStrictEqual } from 'node:util';
import {
  type AuctionCommand,
  type AuctionEvent,
  type AuctionState,
  decide,
  evolve,
  initialState,
  type RecordedEvent,
} from '@gavel/core';

/** The bid ids recorded in a stream, in order (one per `BidPlaced` / `MaxBidSet`). */
export const recordedBidIds = (events: readonly RecordedEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === 'BidPlaced' || e.type === 'MaxBidSet' ? [(e.data as { bidId: string }).bidId] : [],
  );

const plain = (e: RecordedEvent): AuctionEvent => ({ type: e.type, data: e.data }) as AuctionEvent;

/** The command a recorded bid event answers. */
const commandOf = (event: AuctionEvent): AuctionCommand | null => {
  if (event.type === 'BidPlaced') {
    const { auctionId, bidderId, amount, bidId } = event.data;
    return { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } };
  }
  if (event.type === 'MaxBidSet') {
    const { auctionId, bidderId, maxAmount, bidId } = event.data;
    return { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount, bidId } };
  }
  return null;
};

/**
 * Checks that a stream is a valid serial history: versions are 1..n and positions increase, and every
 * recorded bid, re-decided in stream order with core's `decide` at its own `at`, is accepted and yields
 * exactly the events recorded for it (its decision's events are `bid:<bidId>` and `bid:<bidId>:<n>`).
 * Returns the problems found (empty when valid).
 */
export const auctionHistoryProblems = (events: readonly RecordedEvent[]): string[] => {
  const problems: string[] = [];
  let state: AuctionState = initialState();
  let i = 0;
  events.forEach((e, n) => {
    if (e.streamVersion !== n + 1) problems.push(`event ${n} has version ${e.streamVersion}`);
    if (n > 0 && e.globalPosition <= (events[n - 1] as RecordedEvent).globalPosition)
      problems.push(`event ${n} does not come after the one before it`);
  });
  while (i < events.length) {
    const first = events[i] as RecordedEvent;
    const group = [first];
    while (
      i + group.length < events.length &&
      (events[i + group.length] as RecordedEvent).eventId.startsWith(`${first.eventId}:`)
    )
      group.push(events[i + group.length] as RecordedEvent);
    const command = commandOf(plain(first));
    if (command !== null) {
      const decision = decide(command, state, (first.data as { at: number }).at);
      if (!decision.ok) problems.push(`bid ${first.eventId} re-decides as ${decision.code}`);
      else if (!isDeepStrictEqual(decision.events, group.map(plain)))
        problems.push(`bid ${first.eventId} re-decides to other events`);
    }
    for (const e of group) state = evolve(state, plain(e));
    i += group.length;
  }
  return problems;
};
