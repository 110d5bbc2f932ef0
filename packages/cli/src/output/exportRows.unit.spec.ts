import type { PublicHistoryEntry } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { EXPORT_HEADER, exportRows } from './exportRows';

const entry = (fields: Partial<PublicHistoryEntry>): PublicHistoryEntry => ({
  version: 2,
  at: 1_000,
  kind: 'bid',
  price: 500,
  bidder: 'aaaa',
  automatic: false,
  ...fields,
});

describe('exportRows', () => {
  it('keeps the contract’s columns first, then the kind', () => {
    expect(EXPORT_HEADER).toEqual(['version', 'at', 'price', 'bidder', 'automatic', 'kind']);
  });

  it('gives one row per entry, and two for an automatic bid: the beaten offer, then the answer', () => {
    const history = [
      entry({}),
      entry({ version: 3, at: 2_000, price: 750, automatic: true, beaten: { bidder: 'bbbb', amount: 700 } }),
      entry({ version: 4, at: 3_000, kind: 'extended', price: 750, endsAt: 9_000 }),
      entry({ version: 5, at: 4_000, kind: 'retracted', price: 500 }),
      entry({ version: 6, at: 5_000, kind: 'retracted', price: null, bidder: null }),
      entry({ version: 7, at: 6_000, kind: 'closed', price: null, bidder: null, outcome: 'unsold' }),
    ];
    expect(exportRows(history)).toEqual([
      [2, 1_000, 500, 'aaaa', false, 'bid'],
      [3, 2_000, 700, 'bbbb', false, 'beaten'],
      [3, 2_000, 750, 'aaaa', true, 'bid'],
      [4, 3_000, 750, 'aaaa', false, 'extended'],
      [5, 4_000, 500, 'aaaa', false, 'retracted'],
      [6, 5_000, null, null, false, 'retracted'],
      [7, 6_000, null, null, false, 'closed'],
    ]);
  });
});
