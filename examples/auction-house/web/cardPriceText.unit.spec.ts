import { describe, expect, it } from 'vitest';
import { cardPriceText } from './cardPriceText';

describe('cardPriceText', () => {
  it('shows the price in en-US dollars, the starting price before a bid, no bids at the end', () => {
    expect(cardPriceText({ price: 12550, minimumNextBid: 12800, currency: 'USD' })).toBe('$125.50');
    expect(cardPriceText({ price: null, minimumNextBid: 1000, currency: 'USD' })).toBe('Starts at $10.00');
    expect(cardPriceText({ price: null, minimumNextBid: null, currency: 'USD' })).toBe('No bids');
  });
});
