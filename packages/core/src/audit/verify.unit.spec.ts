import { describe, expect, it } from 'vitest';
import type { AuctionEvent } from '../auction/events';
import { OPEN_AT, recorded, soldAuction } from './auditFixture';
import type { FindingCode } from './finding';
import { verify } from './verify';

type Rec = ReturnType<typeof recorded>[number];
const codes = (events: readonly Rec[]): FindingCode[] => verify(events).findings.map((f) => f.code);
const withData = (event: Rec, data: Record<string, unknown>): Rec =>
  ({ ...event, data: { ...event.data, ...data } }) as Rec;
const renumber = (events: readonly Rec[]): Rec[] => events.map((e, i) => ({ ...e, streamVersion: i + 1 }));

describe('verify', () => {
  const stream = recorded(soldAuction());

  it('finds nothing on a stream the rules wrote', () => {
    expect(stream.map((e) => e.type)).toEqual([
      'AuctionOpened',
      'MaxBidSet',
      'BidPlaced',
      'MaxBidSet',
      'MaxBidSet',
      'AuctionExtended',
      'AuctionClosed',
    ]);
    expect(verify(stream)).toEqual({ ok: true, findings: [] });
    expect(verify(soldAuction())).toEqual({ ok: true, findings: [] });
    expect(verify([])).toEqual({ ok: true, findings: [] });
  });

  it('flags an edited amount: the close no longer matches', () => {
    const edited = stream.map((e) => (e.streamVersion === 4 ? withData(e, { maxAmount: 19_500 }) : e));
    expect(codes(edited)).toContain('CLOSE_PRICE_MISMATCH');
  });

  it('flags an amount edited below the minimum next bid', () => {
    const edited = stream.map((e) => (e.streamVersion === 3 ? withData(e, { amount: 9_000 }) : e));
    expect(verify(edited).findings[0]).toMatchObject({
      code: 'BID_REJECTED',
      version: 3,
      rule: 'BID_TOO_LOW',
    });
  });

  it('flags a deleted event as a version gap', () => {
    const deleted = stream.filter((e) => e.streamVersion !== 3);
    expect(verify(deleted).findings[0]).toMatchObject({ code: 'VERSION_GAP', version: 4 });
    expect(verify(stream.slice(1)).findings.map((f) => f.code)).toContain('VERSION_GAP');
  });

  it('flags a timestamp moved back', () => {
    const moved = stream.map((e) => (e.streamVersion === 4 ? withData(e, { at: OPEN_AT + 1_500 }) : e));
    expect(verify(moved).findings).toEqual([
      expect.objectContaining({ code: 'TIME_WENT_BACKWARDS', version: 4 }),
    ]);
  });

  it.each([
    [{ winnerId: 'B' }, 'CLOSE_WINNER_MISMATCH'],
    [{ price: 20_000 }, 'CLOSE_PRICE_MISMATCH'],
    [
      { outcome: 'unsold', winnerId: undefined, price: undefined, reason: 'reserve-not-met' },
      'CLOSE_OUTCOME_MISMATCH',
    ],
  ] as const)('flags a falsified close %j', (change, code) => {
    const falsified = stream.map((e) => (e.type === 'AuctionClosed' ? withData(e, change) : e));
    expect(codes(falsified)).toEqual([code]);
  });

  it('flags a close before the end', () => {
    const early = stream.map((e) =>
      e.type === 'AuctionClosed' ? withData(e, { at: OPEN_AT + 600_000 }) : e,
    );
    expect(codes(early)).toEqual(['CLOSE_BEFORE_END']);
  });

  it('flags a bid inserted after the (extended) end', () => {
    const closed = stream.at(-1) as Rec;
    const late: Rec = {
      type: 'BidPlaced',
      data: { auctionId: 'lot-7', at: OPEN_AT + 660_000, bidId: 'late', bidderId: 'D', amount: 30_000 },
      streamVersion: 0,
      eventId: 'late',
    } as Rec;
    expect(verify(renumber([...stream.slice(0, -1), late, closed])).findings[0]).toMatchObject({
      code: 'BID_AFTER_END',
      version: 7,
      rule: 'AUCTION_ENDED',
    });
    expect(codes(renumber([...stream, withData(late, { at: OPEN_AT + 950_000 })]))).toEqual([
      'EVENT_AFTER_CLOSE',
    ]);
  });

  it('flags a missing, an uncalled-for and a wrong extension', () => {
    const missing = renumber(stream.filter((e) => e.type !== 'AuctionExtended'));
    expect(codes(missing)).toContain('EXTENSION_MISSING');
    const ext = stream.find((e) => e.type === 'AuctionExtended') as Rec;
    const extra = renumber([
      ...stream.slice(0, 3),
      { ...ext, data: { ...ext.data, at: OPEN_AT + 2_000 } } as Rec,
      ...stream.slice(3),
    ]);
    expect(codes(extra)).toContain('EXTENSION_NOT_CALLED_FOR');
    const wrong = stream.map((e) =>
      e.type === 'AuctionExtended' ? withData(e, { endsAt: OPEN_AT + 999_000 }) : e,
    );
    expect(codes(wrong)).toContain('EXTENSION_WRONG');
  });

  it('flags a bid by the seller and a straight bid by the leader', () => {
    const bySeller = stream.map((e) => (e.streamVersion === 3 ? withData(e, { bidderId: 'S' }) : e));
    expect(verify(bySeller).findings[0]).toMatchObject({ code: 'BID_REJECTED', rule: 'SELLER_CANNOT_BID' });
    const byLeader = stream.map((e) =>
      e.streamVersion === 3 ? withData(e, { bidderId: 'A', amount: 30_000 }) : e,
    );
    expect(verify(byLeader).findings[0]).toMatchObject({ code: 'BID_REJECTED', rule: 'ALREADY_LEADING' });
  });

  it('flags unknown event types and schema versions, and goes on', () => {
    const odd = [
      ...stream.slice(0, 2),
      {
        type: 'BidWithdrawn',
        data: { auctionId: 'lot-7', at: OPEN_AT + 1_500 },
        streamVersion: 3,
        eventId: 'x',
      },
      ...stream.slice(2).map((e) => (e.streamVersion === 4 ? { ...e, metadata: { schemaVersion: 9 } } : e)),
    ];
    const found = verify(renumber(odd as Rec[])).findings.map((f) => f.code);
    expect(found).toEqual(expect.arrayContaining(['UNKNOWN_EVENT_TYPE', 'UNKNOWN_SCHEMA_VERSION']));
  });

  it('flags events before the opening and of another auction', () => {
    const first = stream[1] as Rec;
    expect(codes(renumber([first, ...stream.slice(0, 1)]))).toContain('NOT_OPENED');
    const other = stream.map((e) => (e.streamVersion === 3 ? withData(e, { auctionId: 'lot-8' }) : e));
    expect(codes(other)).toContain('WRONG_AUCTION');
  });

  it('never throws on garbage', () => {
    const garbage = [
      { type: 'AuctionOpened', data: null },
      { type: 'BidPlaced', data: { at: 'soon' } },
      { type: 'AuctionClosed', data: {} },
      { type: 'AuctionExtended', data: [] },
    ] as unknown as AuctionEvent[];
    const result = verify(garbage);
    expect(result.ok).toBe(false);
    expect(result.findings.length).toBeGreaterThanOrEqual(3);
  });
});
