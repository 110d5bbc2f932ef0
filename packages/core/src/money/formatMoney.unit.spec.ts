import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { formatMoney } from './formatMoney';

describe('formatMoney', () => {
  it.each([
    [19400, 'USD', '$194.00'],
    [5, 'USD', '$0.05'],
    [0, 'USD', '$0.00'],
    [-1250, 'USD', '-$12.50'],
    [123456789, 'USD', '$1,234,567.89'],
    [Number.MAX_SAFE_INTEGER, 'USD', '$90,071,992,547,409.91'],
    [1234, 'JPY', '¥1,234'],
    [7, 'JPY', '¥7'],
    [1234, 'KWD', 'KWD 1.234'],
    [1, 'KWD', 'KWD 0.001'],
    [250, 'EUR', '€2.50'],
    [250, 'eur', '€2.50'],
    [250, 'XYZ', 'XYZ 2.50'],
  ])('formats %d minor units of %s as %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected.replace(' ', '\u00a0'));
  });

  it('formats in another locale when asked', () => {
    expect(formatMoney(19400, 'EUR', 'de-DE')).toBe('194,00\u00a0€');
    expect(formatMoney(19400, 'USD', 'en-US')).toBe('$194.00');
  });

  it('formats every safe integer exactly: its digits are the amount, the point at the currency digits', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 })),
        fc.constantFrom(['USD', 2], ['JPY', 0], ['KWD', 3], ['EUR', 2]),
        (amount, [currency, digits]) => {
          const text = formatMoney(amount, currency as string);
          const digitsOnly = text.replace(/[^0-9]/g, '');
          expect(BigInt(digitsOnly)).toBe(BigInt(Math.abs(amount)));
          const point = text.lastIndexOf('.');
          if (digits === 0) expect(point).toBe(-1);
          else expect(text.length - point - 1).toBe(digits);
          expect(text.startsWith('-')).toBe(amount < 0);
        },
      ),
      seeded(500),
    );
  });

  it.each([
    [1.5, 'USD', /amount must be a safe integer/],
    [Number.NaN, 'USD', /amount must be a safe integer/],
    [2 ** 53, 'USD', /amount must be a safe integer/],
    [100, 'US', /currency must be a three-letter ISO 4217 code/],
    [100, 'USDX', /currency must be a three-letter ISO 4217 code/],
    [100, 'XUSD', /currency must be a three-letter ISO 4217 code/],
    [100, 'U$D', /currency must be a three-letter ISO 4217 code/],
    [100, 5, /currency must be a three-letter ISO 4217 code/],
    [100, ['USD'], /currency must be a three-letter ISO 4217 code/],
    [100, { toString: () => 'USD' }, /currency must be a three-letter ISO 4217 code/],
  ])('refuses %s %s with a RangeError naming the argument', (amount, currency, message) => {
    expect(() => formatMoney(amount, currency as string)).toThrow(RangeError);
    expect(() => formatMoney(amount, currency as string)).toThrow(message);
  });

  it('keeps formatting right past its cache of formatters', () => {
    const codes = Array.from(
      { length: 100 },
      (_, i) => `Q${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
    );
    for (const code of codes) expect(formatMoney(100, code)).toBe(`${code}\u00a01.00`);
    expect(formatMoney(19400, 'USD')).toBe('$194.00');
    expect(formatMoney(1234, 'JPY')).toBe('¥1,234');
  });
});
