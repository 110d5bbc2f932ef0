import type { PublicHistoryEntry } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { beatenText, historyText } from './historyText';

const entry = (over: Partial<PublicHistoryEntry>): PublicHistoryEntry => ({
  version: 2,
  at: 0,
  kind: 'bid',
  price: 2050,
  bidder: 'other000',
  automatic: false,
  ...over,
});

describe('historyText', () => {
  it('names the reader you, and everyone else by masked id', () => {
    expect(historyText(entry({}), 'USD', 'me000000')).toBe('$20.50, other000');
    expect(historyText(entry({ bidder: 'me000000' }), 'USD', 'me000000')).toBe('$20.50, you');
    expect(historyText(entry({ bidder: 'me000000' }), 'USD', undefined)).toBe('$20.50, me000000');
  });

  it('writes the close with the winner, you when the reader won', () => {
    const sold = entry({ kind: 'closed', price: 3100, bidder: 'me000000', outcome: 'sold' });
    expect(historyText(sold, 'USD', 'me000000')).toBe('closed, sold to you for $31.00');
    expect(historyText(sold, 'USD', 'other000')).toBe('closed, sold to me000000 for $31.00');
    const unsold = entry({ kind: 'closed', price: null, bidder: null, outcome: 'unsold' });
    expect(historyText(unsold, 'USD', 'me000000')).toBe('closed, unsold');
  });

  it('writes an extension with the price, naming no one', () => {
    expect(historyText(entry({ kind: 'extended', bidder: 'me000000' }), 'USD', 'me000000')).toBe(
      'soft close extended the end (price $20.50)',
    );
  });

  it('writes a retraction with the price and leader after it, never who retracted', () => {
    const retracted = entry({ kind: 'retracted', price: 1000, bidder: 'other000' });
    expect(historyText(retracted, 'USD', 'me000000')).toBe('a bid was retracted: now $10.00, other000');
    expect(historyText({ ...retracted, bidder: 'me000000' }, 'USD', 'me000000')).toBe(
      'a bid was retracted: now $10.00, you',
    );
    const none = entry({ kind: 'retracted', price: null, bidder: null });
    expect(historyText(none, 'USD', 'me000000')).toBe('a bid was retracted: no bids left');
  });

  it('writes the offer an automatic bid beat with its amount and bidder, you when it was the reader', () => {
    expect(beatenText({ bidder: 'me000000', amount: 2000 }, 'USD', 'me000000')).toBe('$20.00, you');
    expect(beatenText({ bidder: 'other000', amount: 2000 }, 'USD', 'me000000')).toBe('$20.00, other000');
    expect(beatenText({ bidder: 'other000', amount: 1500 }, 'JPY', undefined)).toBe('¥1,500, other000');
  });
});
