import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { retractionScenarioArb, runRetractionScenario } from '../../test/randomRetractions';
import type { AuctionCommand } from '../auction/commands';
import type { AuctionEvent } from '../auction/events';
import { InvalidAuctionHistoryError, replayAuctionHistory } from '../replay/replayAuctionHistory';
import { decideAll, OPEN_AT, recorded } from './auditFixture';
import { explain } from './explain';
import type { FindingCode } from './finding';
import { verify } from './verify';

const MINUTE = 60_000;
const HOUR = 3_600_000;

const open = (auctionId: string, data: Record<string, unknown>): AuctionCommand =>
  ({
    type: 'OpenAuction',
    data: { auctionId, sellerId: 'S', currency: 'USD', startsAt: OPEN_AT, ...data },
  }) as AuctionCommand;
const bid = (auctionId: string, bidderId: string, amount: number): AuctionCommand => ({
  type: 'PlaceBid',
  data: { auctionId, bidderId, amount, bidId: `${bidderId}-${amount}` },
});
const max = (auctionId: string, bidderId: string, maxAmount: number): AuctionCommand => ({
  type: 'SetMaxBid',
  data: { auctionId, bidderId, maxAmount, bidId: `${bidderId}-max-${maxAmount}` },
});
const retract = (auctionId: string, bidderId: string): AuctionCommand => ({
  type: 'RetractBid',
  data: { auctionId, bidderId, reason: 'typo' },
});

/** $100 start, flat $2, 24 h: A max $200, B $150 (answered), C max $180 (answered), C retracts (a typo). */
const retractedEarly = (): AuctionEvent[] =>
  decideAll([
    [
      OPEN_AT,
      open('lot-7', {
        startingPrice: 10_000,
        endsAt: OPEN_AT + 86_400_000,
        increments: [{ from: 0, increment: 200 }],
        softClose: { windowMs: 300_000, extendMs: 300_000, from: 'end' },
      }),
    ],
    [OPEN_AT + 1_000, max('lot-7', 'A', 20_000)],
    [OPEN_AT + 2_000, bid('lot-7', 'B', 15_000)],
    [OPEN_AT + 3_000, max('lot-7', 'C', 18_000)],
    [OPEN_AT + 4_000, retract('lot-7', 'C')],
  ]);

/**
 * `lot-8`: $10.00 start, flat $0.50, 6 hours (so only a bidder's latest bid may go). C bids $10.00, A
 * sets a max of $11.50 ($10.50, A), B bids $12.00 (B leads at $12.00), B retracts it a minute later (a
 * typo): $10.50, A leads again. Then D bids $11.00, answered by A's proxy at $11.50. Versions: 1 opened,
 * 2 C, 3 A, 4 B, 5 retraction, 6 D.
 */
const retractedLatest = (): AuctionEvent[] =>
  decideAll([
    [
      OPEN_AT,
      open('lot-8', {
        startingPrice: 1_000,
        endsAt: OPEN_AT + 6 * HOUR,
        increments: [{ from: 0, increment: 50 }],
      }),
    ],
    [OPEN_AT + MINUTE, bid('lot-8', 'C', 1_000)],
    [OPEN_AT + 2 * MINUTE, max('lot-8', 'A', 1_150)],
    [OPEN_AT + 3 * MINUTE, bid('lot-8', 'B', 1_200)],
    [OPEN_AT + 4 * MINUTE, retract('lot-8', 'B')],
    [OPEN_AT + 5 * MINUTE, bid('lot-8', 'D', 1_100)],
  ]);

type Rec = ReturnType<typeof recorded>[number];
const RETRACTION = 5;
/** The stream with the retraction's data changed. */
const tampered = (events: readonly Rec[], change: Record<string, unknown>): Rec[] =>
  events.map((e) => (e.type === 'BidRetracted' ? ({ ...e, data: { ...e.data, ...change } } as Rec) : e));
const renumber = (events: readonly Rec[]): Rec[] => events.map((e, i) => ({ ...e, streamVersion: i + 1 }));
const codes = (events: readonly Rec[]): FindingCode[] => verify(events).findings.map((f) => f.code);

describe('explain: a retraction in words', () => {
  it('says who withdrew what and why, the price before → after and who leads, naming no max above the price', () => {
    const timeline = explain(recorded(retractedEarly()));
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
        'C retracted their only bid (a typing mistake): price $182.00 → $152.00, A still leads: runner-up max $150.00 + increment $2.00 = $152.00',
    });
    expect(JSON.stringify(timeline)).not.toContain('200.00');
    expect(timeline[0]?.reason).toContain('extends the end by 5 min');
  });

  it('names the new leader when the retraction hands the lead back', () => {
    const timeline = explain(recorded(retractedLatest()));
    expect(timeline[4]).toMatchObject({
      priceBefore: 1_200,
      priceAfter: 1_050,
      leaderBefore: 'B',
      leaderAfter: 'A',
      movedPrice: true,
      movedLeader: true,
      reason:
        'B retracted their latest bid (a typing mistake): price $12.00 → $10.50, A leads: runner-up max $10.00 + increment $0.50 = $10.50',
    });
    // A leads again with a max ($11.50) above the price: the retraction's words do not name it.
    expect(timeline[4]?.reason).not.toContain('11.50');
  });

  it('says when the price stays, and when no offer is left', () => {
    const stays = explain(
      recorded(
        decideAll([
          [
            OPEN_AT,
            open('lot-9', {
              startingPrice: 1_000,
              endsAt: OPEN_AT + 6 * HOUR,
              increments: [{ from: 0, increment: 50 }],
            }),
          ],
          [OPEN_AT + MINUTE, max('lot-9', 'A', 2_000)],
          [OPEN_AT + 2 * MINUTE, bid('lot-9', 'C', 1_100)],
          [OPEN_AT + 3 * MINUTE, max('lot-9', 'B', 1_500)],
          [OPEN_AT + 4 * MINUTE, retract('lot-9', 'C')],
          [OPEN_AT + 5 * MINUTE, retract('lot-9', 'A')],
          [OPEN_AT + 6 * MINUTE, retract('lot-9', 'B')],
        ]),
      ),
    );
    expect(stays.slice(4).map((e) => e.reason)).toEqual([
      'C retracted their latest bid (a typing mistake): price stays $15.50, A still leads: runner-up max $15.00 + increment $0.50 = $15.50',
      'A retracted their latest bid (a typing mistake): price $15.50 → $10.00, B leads: the only offer: the starting price $10.00',
      'B retracted their latest bid (a typing mistake): price $10.00 → none, no offer is left',
    ]);
  });
});

describe('verify: a retraction re-decided', () => {
  it('finds nothing on streams with retractions the rules wrote', () => {
    expect(verify(recorded(retractedEarly()))).toEqual({ ok: true, findings: [] });
    expect(verify(recorded(retractedLatest()))).toEqual({ ok: true, findings: [] });
    expect(verify(retractedLatest())).toEqual({ ok: true, findings: [] });
  });

  it('catches a tampered price with a code of its own, both results in words', () => {
    const stream = recorded(retractedLatest());
    const { findings } = verify(tampered(stream, { price: 1_100 }));
    expect(findings[0]).toEqual({
      code: 'RETRACTION_MISMATCH',
      version: RETRACTION,
      message:
        "B's retraction is recorded withdrawing their latest bid, leaving $11.00 with A leading, but the rules give withdrawing their latest bid, leaving $10.50 with A leading (differs: price)",
    });
    // It goes on, folding the retraction as recorded: D's $11.00 is then below the minimum next bid.
    expect(findings.slice(1)).toEqual([expect.objectContaining({ code: 'BID_REJECTED', version: 6 })]);
  });

  it.each([
    [
      'the leader',
      { leaderId: 'C', leader: { bidderId: 'C', bidId: 'C-1000', max: 1_000, floor: 1_000, seq: 1 } },
      'leader (secret), leaderId',
    ],
    ['the runner-up max', { runnerUpMax: 1_149 }, 'runnerUpMax (secret)'],
    ['the scope', { scope: 'all' }, 'scope'],
    ['the bids withdrawn', { withdrawn: 2, bidId: 'B-other' }, 'bidId, withdrawn'],
  ])('catches %s changed, naming a secret field without its amount', (_what, change, fields) => {
    const { findings } = verify(tampered(recorded(retractedLatest()), change));
    expect(findings[0]).toMatchObject({ code: 'RETRACTION_MISMATCH', version: RETRACTION });
    expect(findings[0]?.message).toMatch(new RegExp(`\\(differs: ${fields.replace(/[()]/g, '\\$&')}\\)$`));
    expect(findings[0]?.message).not.toMatch(/\$11\.(49|50)/);
  });

  it('reports a retraction the rules refuse: no bid to retract, too late, after the end, forbidden', () => {
    const stream = recorded(retractedLatest()).slice(0, RETRACTION);
    const byD = verify(tampered(stream, { bidderId: 'D' })).findings;
    expect(byD).toEqual([
      {
        code: 'RETRACTION_REJECTED',
        version: RETRACTION,
        rule: 'RETRACTION_NOT_ALLOWED',
        message: `D's retraction at ${new Date(OPEN_AT + 4 * MINUTE).toISOString()} is recorded as accepted, but the rules refuse it: its bidder held no bid to retract`,
      },
    ]);
    const late = verify(tampered(stream, { at: OPEN_AT + 3 * MINUTE + HOUR })).findings;
    expect(late).toEqual([
      expect.objectContaining({ code: 'RETRACTION_REJECTED', rule: 'RETRACTION_NOT_ALLOWED' }),
    ]);
    expect(late[0]?.message).toBe(
      `B's retraction at ${new Date(OPEN_AT + 3 * MINUTE + HOUR).toISOString()} is recorded as accepted, but the rules refuse it: with 4 h 57 min left (not more than 12 h), only a bid under 1 h old may be withdrawn, and B's latest was made at ${new Date(OPEN_AT + 3 * MINUTE).toISOString()}, 1 h before`,
    );
    const ended = verify(tampered(stream, { at: OPEN_AT + 6 * HOUR })).findings;
    expect(ended[0]?.message).toContain(
      `at or after the effective end ${new Date(OPEN_AT + 6 * HOUR).toISOString()}`,
    );
    const forbidden = stream.map((e) =>
      e.type === 'AuctionOpened' ? ({ ...e, data: { ...e.data, retraction: null } } as Rec) : e,
    );
    expect(verify(forbidden).findings).toEqual([
      expect.objectContaining({
        code: 'RETRACTION_REJECTED',
        version: RETRACTION,
        message: expect.stringContaining('allow no retraction'),
      }),
    ]);
    const unknownReason = verify(tampered(stream, { reason: 'changed-my-mind' })).findings;
    expect(unknownReason).toEqual([
      expect.objectContaining({ code: 'RETRACTION_REJECTED', rule: 'INVALID_COMMAND' }),
    ]);
  });

  it('reports a retraction recorded after the close, or inserted twice', () => {
    const stream = recorded(
      decideAll([
        [
          OPEN_AT,
          open('lot-8', {
            startingPrice: 1_000,
            endsAt: OPEN_AT + 6 * HOUR,
            increments: [{ from: 0, increment: 50 }],
          }),
        ],
        [OPEN_AT + MINUTE, bid('lot-8', 'C', 1_000)],
        [OPEN_AT + 2 * MINUTE, max('lot-8', 'A', 1_150)],
        [OPEN_AT + 3 * MINUTE, bid('lot-8', 'B', 1_200)],
        [OPEN_AT + 4 * MINUTE, retract('lot-8', 'B')],
        [OPEN_AT + 6 * HOUR, { type: 'CloseAuction', data: { auctionId: 'lot-8' } }],
      ]),
    );
    const retraction = stream[RETRACTION - 1] as Rec;
    const afterClose = { ...retraction, data: { ...retraction.data, at: OPEN_AT + 6 * HOUR + 1 } } as Rec;
    expect(codes(renumber([...stream, afterClose]))).toEqual(['EVENT_AFTER_CLOSE']);
    const twice = renumber([...stream.slice(0, RETRACTION), retraction, ...stream.slice(RETRACTION)]);
    expect(verify(twice).findings).toEqual([
      expect.objectContaining({
        code: 'RETRACTION_REJECTED',
        version: RETRACTION + 1,
        message: expect.stringContaining('no bid to retract'),
      }),
    ]);
  });

  it('still reports a malformed retraction without throwing, and re-decides the next one', () => {
    const stream = recorded(retractedEarly());
    const malformed = tampered(stream, { leader: 'A', price: '150' });
    expect(verify(malformed as never).findings).toEqual([
      expect.objectContaining({ code: 'MALFORMED_EVENT', version: 5 }),
    ]);
  });

  it('agrees with replayAuctionHistory, which refuses the same altered retraction', () => {
    const events = retractedEarly();
    expect(replayAuctionHistory(events).at(-1)).toMatchObject({ price: 15_200 });
    const altered = events.map((event) =>
      event.type === 'BidRetracted' ? { ...event, data: { ...event.data, price: 10_000 } } : event,
    );
    expect(() => replayAuctionHistory(altered)).toThrow(InvalidAuctionHistoryError);
    expect(codes(recorded(altered as AuctionEvent[]))).toContain('RETRACTION_MISMATCH');
    const tooMany = [...events, events[4] as AuctionEvent];
    expect(() => replayAuctionHistory(tooMany)).toThrow(/RETRACTION_NOT_ALLOWED/);
  });
});

describe('verify over random auctions with retractions', () => {
  it('finds nothing on what the rules wrote, and a mismatch at any retraction whose price is altered', () => {
    fc.assert(
      fc.property(retractionScenarioArb(), fc.nat(), (scenario, pick) => {
        const { events } = runRetractionScenario(scenario);
        const stream = recorded(events);
        expect(verify(stream)).toEqual({ ok: true, findings: [] });
        const retractions = stream.filter((e) => e.type === 'BidRetracted');
        if (retractions.length === 0) return;
        const target = retractions[pick % retractions.length] as Rec & { data: { price: number | null } };
        const altered = stream.map((e) =>
          e === target ? ({ ...e, data: { ...e.data, price: (target.data.price ?? 0) + 1 } } as Rec) : e,
        );
        const first = verify(altered).findings[0];
        expect(first).toMatchObject({ code: 'RETRACTION_MISMATCH', version: target.streamVersion });
      }),
      seeded(300),
    );
  });
});
