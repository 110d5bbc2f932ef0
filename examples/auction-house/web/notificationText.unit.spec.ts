import { describe, expect, it } from 'vitest';
import type { PageNotification } from './api';
import { notificationText } from './notificationText';

const base = {
  userId: 'u_reader0000000000',
  auctionId: 'a_lot000000000',
  version: 7,
  at: 1_700_000_000_000,
  currency: 'USD',
  title: 'Brass telescope',
} as const;

describe('notificationText', () => {
  it.each<[PageNotification, string]>([
    [
      { ...base, id: 'a@7:outbid:leader', kind: 'outbid', price: 1550, minimumNextBid: 1600 },
      'You were outbid on Brass telescope: now $15.50, bid $16.00 or more',
    ],
    [
      { ...base, id: 'a@8:leading:new-leader', kind: 'leading', price: 1200, minimumNextBid: 1250 },
      'A bid above yours on Brass telescope was retracted: you lead at $12.00',
    ],
    [
      { ...base, id: 'a@9:won:winner', kind: 'won', price: 3000, buyNow: false },
      'You won Brass telescope for $30.00',
    ],
    [
      { ...base, id: 'a@9:won:winner', kind: 'won', price: 5000, buyNow: true },
      'You bought Brass telescope for $50.00 with buy it now',
    ],
    [
      { ...base, id: 'a@9:sold:seller', kind: 'sold', price: 123456, buyNow: false },
      'You sold Brass telescope for $1,234.56',
    ],
    [
      { ...base, id: 'a@9:sold:seller', kind: 'sold', price: 5000, buyNow: true },
      'You sold Brass telescope for $50.00 (buy it now)',
    ],
    [
      { ...base, id: 'a@9:unsold:seller', kind: 'unsold', reason: 'reserve-not-met', price: 1200 },
      'Brass telescope did not sell (reserve not met)',
    ],
    [
      { ...base, id: 'a@9:unsold:seller', kind: 'unsold', reason: 'no-bids', price: null },
      'Brass telescope did not sell (no bids)',
    ],
    [
      { ...base, id: 'a@9:lost:u_reader0000000000', kind: 'lost', price: 3000, outcome: 'sold' },
      'You lost Brass telescope (sold for $30.00)',
    ],
    [
      { ...base, id: 'a@9:lost:u_reader0000000000', kind: 'lost', price: 3000, outcome: 'unsold' },
      'You lost Brass telescope (it did not sell)',
    ],
    [
      { ...base, id: 'a@3:cancelled:leader', kind: 'cancelled' },
      'Brass telescope was cancelled by the seller',
    ],
  ])('%j', (notification, text) => {
    expect(notificationText(notification)).toBe(text);
  });

  it("says 'an auction' where the catalog has no title, and each currency in its own digits", () => {
    expect(
      notificationText({ ...base, title: null, id: 'x', kind: 'lost', price: 300, outcome: 'sold' }),
    ).toBe('You lost an auction (sold for $3.00)');
    expect(notificationText({ ...base, title: null, id: 'x', kind: 'cancelled' })).toBe(
      'An auction was cancelled by the seller',
    );
    expect(
      notificationText({ ...base, currency: 'JPY', id: 'x', kind: 'won', price: 1234, buyNow: false }),
    ).toBe('You won Brass telescope for ¥1,234');
  });

  it('names no user: not the reader, not anyone else', () => {
    const texts = [
      notificationText({ ...base, id: 'x', kind: 'outbid', price: 1550, minimumNextBid: 1600 }),
      notificationText({ ...base, id: 'x', kind: 'lost', price: 3000, outcome: 'sold' }),
      notificationText({ ...base, id: 'x', kind: 'sold', price: 3000, buyNow: false }),
    ];
    for (const text of texts) expect(text).not.toMatch(/u_reader/);
  });

  it('keeps a title as it is (the page sets it as text, never as markup)', () => {
    const title = '<img src=x onerror=alert(1)>';
    expect(notificationText({ ...base, title, id: 'x', kind: 'won', price: 100, buyNow: false })).toBe(
      `You won ${title} for $1.00`,
    );
  });
});
