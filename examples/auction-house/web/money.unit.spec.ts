import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMajorUnits, toMajorUnits } from './money';

describe('amounts typed in major units', () => {
  it.each([
    ['125.50', 12550],
    ['125.5', 12550],
    ['125', 12500],
    ['$1,250.00', 125000],
    [' 0.05 ', 5],
  ])('reads %s as %i cents', (typed, cents) => {
    expect(parseMajorUnits(typed, 'USD')).toBe(cents);
  });

  it.each(['', 'abc', '1.234', '-5', '0', '0.00', '1e3', '12.5.0'])('refuses %j', (typed) => {
    expect(parseMajorUnits(typed, 'USD')).toBeNull();
  });

  it('reads yen without minor digits', () => {
    expect(parseMajorUnits('1234', 'JPY')).toBe(1234);
    expect(parseMajorUnits('12.5', 'JPY')).toBeNull();
  });

  it('round-trips every amount through the input form and shows it in en-US form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (cents) => {
        expect(parseMajorUnits(toMajorUnits(cents, 'USD'), 'USD')).toBe(cents);
        expect(parseMajorUnits(formatMoney(cents, 'USD'), 'USD')).toBe(cents);
      }),
    );
    expect(formatMoney(12550, 'USD')).toBe('$125.50');
  });
});
