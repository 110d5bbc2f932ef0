import { describe, expect, it } from 'vitest';
import { auctionOffers } from '../auction/auctionOffers';
import { initialState } from '../auction/auctionState';
import type { AuctionCommand } from '../auction/commands';
import { decide } from '../auction/decide';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';
import { InvalidAuctionHistoryError, replayAuctionHistory } from '../replay/replayAuctionHistory';
import { OPEN_AT, recorded } from './auditFixture';
import { explain } from './explain';
import { verify } from './verify';

const id = 'lot-7';
/** Decides in turn (a retraction with the offers so far); every command must be accepted. */
const decideAll = (steps: ReadonlyArray<readonly [number, AuctionCommand]>): AuctionEvent[] => {
  const events: AuctionEvent[] = [];
  let state = initialState();
  for (const [now, command] of steps) {
    const decision = decide(
      command,
      state,
      now,
      command.type === 'RetractBid' ? auctionOffers(events) : undefined,
    );
    if (!decision.ok) throw new Error(`fixture: ${command.type} rejected: ${decision.code}`);
    for (const event of decision.events) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return events;
};

/** $100 start, flat $2, 24 h: A max $200, B $150 (answered), C max $180 (answered), C retracts (a typo). */
const retracted = (): AuctionEvent[] =>
  decideAll([
    [
      OPEN_AT,
      {
        type: 'OpenAuction',
        data: {
          auctionId: id,
          sellerId: 'S',
          currency: 'USD',
          startingPrice: 10_000,
          startsAt: OPEN_AT,
          endsAt: OPEN_AT + 86_400_000,
          increments: [{ from: 0, increment: 200 }],
          softClose: { windowMs: 300_000, extendMs: 300_000, from: 'end' },
        },
      },
    ],
    [
      OPEN_AT + 1_000,
      { type: 'SetMaxBid', data: { auctionId: id, bidderId: 'A', maxAmount: 20_000, bidId: 'a' } },
    ],
    [
      OPEN_AT + 2_000,
      { type: 'PlaceBid', data: { auctionId: id, bidderId: 'B', amount: 15_000, bidId: 'b' } },
    ],
    [
      OPEN_AT + 3_000,
      { type: 'SetMaxBid', data: { auctionId: id, bidderId: 'C', maxAmount: 18_000, bidId: 'c' } },
    ],
    [OPEN_AT + 4_000, { type: 'RetractBid', data: { auctionId: id, bidderId: 'C', reason: 'typo' } }],
  ]);

describe('auditing a retraction (the minimal treatment)', () => {
  it('explain says who retracted, why, and the price change, naming no max above the price', () => {
    const timeline = explain(recorded(retracted()));
    expect(timeline[4]).toMatchObject({
      version: 5,
      type: 'BidRetracted',
      actor: 'C',
      priceBefore: 18_200,
      priceAfter: 15_200,
      leaderBefore: 'A',
      leaderAfter: 'A',
      automatic: false,
      reason:
        'C retracted their only bid (a typing mistake): the price moves from $182.00 to $152.00 and A still leads: runner-up max $150.00 + increment $2.00 = $152.00',
    });
    expect(JSON.stringify(timeline)).not.toContain('200.00');
    expect(timeline[0]?.reason).toContain('extends the end by 5 min');
  });

  it('verify finds nothing on a stream with a retraction, and reports a malformed one without throwing', () => {
    const stream = recorded(retracted());
    expect(verify(stream)).toEqual({ ok: true, findings: [] });
    const malformed = stream.map((event) =>
      event.type === 'BidRetracted'
        ? { ...event, data: { ...event.data, leader: 'A', price: '150' } }
        : event,
    );
    expect(verify(malformed as never).findings).toEqual([
      expect.objectContaining({ code: 'MALFORMED_EVENT', version: 5 }),
    ]);
  });

  it('replayAuctionHistory re-decides a retraction with the offers before it, and refuses an altered one', () => {
    const events = retracted();
    expect(replayAuctionHistory(events).at(-1)).toMatchObject({ price: 15_200 });
    const altered = events.map((event) =>
      event.type === 'BidRetracted' ? { ...event, data: { ...event.data, price: 10_000 } } : event,
    );
    expect(() => replayAuctionHistory(altered)).toThrow(InvalidAuctionHistoryError);
    const tooMany = [...events, events[4] as AuctionEvent];
    expect(() => replayAuctionHistory(tooMany)).toThrow(/RETRACTION_NOT_ALLOWED/);
  });
});
