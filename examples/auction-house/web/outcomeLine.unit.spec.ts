import type { PublicView } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { outcomeLine, outcomeSentence } from './outcomeLine';

const view = (over: Partial<PublicView>): PublicView => ({
  auctionId: 'a',
  status: 'closed',
  currency: 'USD',
  price: 1100,
  leaderId: 'winner00',
  minimumNextBid: null,
  bidCount: 3,
  reserveMet: null,
  startsAt: 0,
  endsAt: 10,
  buyNowPrice: null,
  outcome: { outcome: 'sold', winnerId: 'winner00', price: 1100 },
  ...over,
});

describe('outcomeLine', () => {
  it('tells the winner they won, and keeps their masked id in the outcome element', () => {
    const line = outcomeLine(view({}), 'winner00');
    expect(line).toEqual({
      before: 'You won (as ',
      outcome: 'winner00',
      after: ') for $11.00.',
      youWon: true,
    });
    expect(outcomeSentence(line)).toBe('You won (as winner00) for $11.00.');
  });

  it('names the winner by masked id to everyone else, signed in or not', () => {
    for (const reader of ['other000', undefined]) {
      const line = outcomeLine(view({}), reader);
      expect(line.outcome).toBe('winner00');
      expect(line.youWon).toBe(false);
      expect(outcomeSentence(line)).toBe('Sold to winner00 for $11.00.');
    }
  });

  it('says buy it now', () => {
    const bought = view({
      outcome: { outcome: 'sold', winnerId: 'winner00', price: 5000, reason: 'buy-now' },
    });
    expect(outcomeSentence(outcomeLine(bought, 'winner00'))).toBe(
      'You bought it (as winner00) for $50.00 with buy it now.',
    );
    expect(outcomeSentence(outcomeLine(bought, 'other000'))).toBe(
      'Sold to winner00 for $50.00 (buy it now).',
    );
  });

  it('shows unsold, with the reason, to everyone', () => {
    const noBids = view({ price: null, leaderId: null, outcome: { outcome: 'unsold', reason: 'no-bids' } });
    expect(outcomeLine(noBids, 'me000000').outcome).toBe('unsold');
    expect(outcomeSentence(outcomeLine(noBids, undefined))).toBe('Closed unsold: no bids.');
    const reserve = view({ outcome: { outcome: 'unsold', reason: 'reserve-not-met' } });
    expect(outcomeLine(reserve, 'winner00').youWon).toBe(false);
    expect(outcomeSentence(outcomeLine(reserve, 'winner00'))).toBe('Closed unsold: the reserve was not met.');
    const cancelled = view({ status: 'cancelled', price: null, leaderId: null, outcome: undefined });
    expect(outcomeSentence(outcomeLine(cancelled, undefined))).toBe('Cancelled by the seller: unsold.');
  });

  it('is empty until the close is recorded', () => {
    for (const status of ['scheduled', 'open', 'ended'] as const) {
      const line = outcomeLine(view({ status, outcome: undefined }), 'winner00');
      expect(outcomeSentence(line)).toBe('');
    }
  });
});
