import type { PublicView } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { leaderStatus } from './leaderStatus';

const view = (over: Partial<PublicView>): PublicView => ({
  auctionId: 'a',
  status: 'open',
  currency: 'USD',
  price: 1000,
  leaderId: 'me000000',
  minimumNextBid: 1050,
  bidCount: 1,
  reserveMet: null,
  startsAt: 0,
  endsAt: 10,
  buyNowPrice: null,
  ...over,
});

describe('leaderStatus', () => {
  it('says leading only while the user leads, outbid only when they held an offer and lost the lead', () => {
    expect(leaderStatus(view({}), { bidderId: 'me000000', offer: { maxAmount: 5000 } }).text).toContain(
      'leading',
    );
    expect(
      leaderStatus(view({ leaderId: 'other000' }), { bidderId: 'me000000', offer: { amount: 1000 } }).text,
    ).toContain('outbid');
    expect(leaderStatus(view({ leaderId: 'other000' }), { bidderId: 'me000000', offer: null }).text).toBe('');
    expect(
      leaderStatus(view({ leaderId: null, price: null }), { bidderId: 'me000000', offer: null }).text,
    ).toBe('');
    expect(leaderStatus(view({}), undefined).text).toBe('');
    const outbid = leaderStatus(view({ leaderId: 'other000' }), {
      bidderId: 'me000000',
      offer: { amount: 1000 },
    }).text;
    expect(outbid).not.toContain('leading');
    expect(leaderStatus(view({}), { bidderId: 'me000000', offer: null }).text).not.toContain('outbid');
  });

  it('after the close: the winner was leading, the others were outbid', () => {
    const closed = view({
      status: 'closed',
      outcome: { outcome: 'sold', winnerId: 'me000000', price: 1000 },
    });
    expect(leaderStatus(closed, { bidderId: 'me000000', offer: { maxAmount: 5000 } }).text).toContain(
      'leading',
    );
    expect(leaderStatus(closed, { bidderId: 'you00000', offer: { amount: 900 } }).text).toContain('outbid');
  });
});
