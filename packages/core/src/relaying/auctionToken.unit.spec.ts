import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auctionIdOfToken, auctionToken, MAX_AUCTION_TOKEN_LENGTH } from './auctionToken';

describe('auctionToken', () => {
  it('keeps letters, digits, _ and -, and escapes every other character by its UTF-8 bytes', () => {
    expect(auctionToken('a_5BkFfYY72R5r')).toBe('a_5BkFfYY72R5r');
    expect(auctionToken('lot 42.*')).toBe('lot%2042%2E%2A');
    expect(auctionToken('café>#')).toBe('caf%C3%A9%3E%23');
    expect(auctionToken('🎉')).toBe('%F0%9F%8E%89');
  });

  it('is subject-safe, bounded and reversible for any well-formed id; ids apart stay apart', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 128 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        (id, other) => {
          const token = auctionToken(id);
          expect(token).toMatch(/^[A-Za-z0-9_%~-]+$/);
          expect(token.length).toBeLessThanOrEqual(MAX_AUCTION_TOKEN_LENGTH);
          if (!token.includes('~')) expect(auctionIdOfToken(token)).toBe(id);
          if (other !== id && !token.includes('~') && !auctionToken(other).includes('~'))
            expect(auctionToken(other)).not.toBe(token);
        },
      ),
    );
  });

  it('shortens a very long token with a hash of the whole id', () => {
    const long = '.'.repeat(128);
    const token = auctionToken(long);
    expect(token).toMatch(/^(%2E)+~[0-9a-f]{8}$/);
    expect(token.length).toBeLessThanOrEqual(MAX_AUCTION_TOKEN_LENGTH);
    expect(auctionToken(`${long.slice(1)}x`)).not.toBe(token);
    expect(auctionIdOfToken(token)).toBeNull();
  });
});
