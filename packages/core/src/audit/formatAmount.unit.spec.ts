import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../money/formatMoney';
import { amountFormatter } from './formatAmount';

describe('amountFormatter', () => {
  it.each(['USD', 'EUR', 'JPY', 'KWD', 'GBP', 'CHF', 'usd'])('is formatMoney in en-US for %s', (currency) => {
    const money = amountFormatter(currency);
    fc.assert(
      fc.property(fc.maxSafeNat(), (minor) => {
        expect(money(minor)).toBe(formatMoney(minor, currency));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws: odd amounts and currencies are shown as they are', () => {
    expect(amountFormatter('USD')(12.5)).toBe('12.5 minor units of USD');
    expect(amountFormatter('USD')(-250)).toBe(formatMoney(-250, 'USD'));
    expect(amountFormatter('dollars')(100)).toBe('100 minor units of dollars');
    expect(amountFormatter(undefined as unknown as string)(100)).toBe('100 minor units of undefined');
  });
});
