import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AUCTION_AHEAD_MS } from './auctionTimeBounds';
import { SUPPORTED_CURRENCIES } from './currencyCode';
import { firstIssue } from './firstIssue';
import { createAuctionBody } from './schemas';

const NOW = Date.UTC(2030, 0, 15, 12);
const DAY = 86_400_000;
const base = { title: 'Lamp', startingPrice: 100 };

/** The field a body is refused for, or null when it is accepted. */
const refusedField = (body: unknown, now = NOW): string | null => {
  const parsed = createAuctionBody(() => now).safeParse(body);
  return parsed.success ? null : firstIssue(parsed.error.issues).field;
};

describe('createAuctionBody: how far ahead an auction may end', () => {
  it('is 90 days', () => {
    expect(MAX_AUCTION_AHEAD_MS).toBe(90 * DAY);
  });

  it('accepts endsAt exactly when now < endsAt <= now + 90 days (any whole ms, any now)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.oneof(
          fc.integer({ min: -2 * DAY, max: 100 * DAY }),
          fc.integer({ min: -3, max: 3 }),
          fc.integer({ min: MAX_AUCTION_AHEAD_MS - 3, max: MAX_AUCTION_AHEAD_MS + 3 }),
        ),
        (now, ahead) => {
          const endsAt = now + ahead;
          const accepted = endsAt > now && endsAt <= now + MAX_AUCTION_AHEAD_MS;
          expect(refusedField({ ...base, endsAt }, now)).toBe(accepted ? null : 'endsAt');
        },
      ),
    );
  });

  it('refuses 8.64e15, a fraction, a string and 91 days ahead, naming endsAt', () => {
    for (const endsAt of [8.64e15, NOW + 1000.5, String(NOW + DAY), NOW + 91 * DAY, NOW, Number.NaN])
      expect(refusedField({ ...base, endsAt }), String(endsAt)).toBe('endsAt');
    expect(refusedField({ ...base, endsAt: NOW + 90 * DAY })).toBeNull();
  });

  it('bounds durationMs the same: 1 s to 90 days', () => {
    expect(refusedField({ ...base, durationMs: 90 * DAY })).toBeNull();
    expect(refusedField({ ...base, durationMs: 90 * DAY + 1 })).toBe('durationMs');
    expect(refusedField({ ...base, durationMs: 999 })).toBe('durationMs');
  });

  it('bounds softClose.maxEndsAt the same', () => {
    const softClose = (maxEndsAt: number) => ({ windowMs: 1000, extendMs: 1000, maxEndsAt });
    expect(refusedField({ ...base, durationMs: DAY, softClose: softClose(NOW + 2 * DAY) })).toBeNull();
    for (const maxEndsAt of [NOW + 91 * DAY, 8.64e15, NOW - 1])
      expect(refusedField({ ...base, durationMs: DAY, softClose: softClose(maxEndsAt) })).toBe(
        'softClose.maxEndsAt',
      );
  });
});

describe('createAuctionBody: currency', () => {
  const listed = Intl.supportedValuesOf('currency');

  it("accepts a three-letter code exactly when the runtime's Intl lists it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...listed), fc.stringMatching(/^[A-Z]{3}$/)), (currency) => {
        const known = listed.includes(currency);
        expect(refusedField({ ...base, durationMs: DAY, currency })).toBe(known ? null : 'currency');
      }),
      { numRuns: 500 },
    );
  });

  it('accepts USD, EUR and JPY; refuses XXX, BTC, lower case and anything else', () => {
    for (const currency of ['USD', 'EUR', 'JPY', 'GBP', 'CHF'])
      expect(refusedField({ ...base, durationMs: DAY, currency }), currency).toBeNull();
    for (const currency of ['XXX', 'BTC', 'usd', 'US', 'USDT', '', 840, null])
      expect(refusedField({ ...base, durationMs: DAY, currency }), String(currency)).toBe('currency');
    expect(SUPPORTED_CURRENCIES.has('XXX')).toBe(false);
  });
});
