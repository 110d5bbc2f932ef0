import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskBidderId } from '../node/maskBidderId';
import { hmacBidderMask, MASKED_ID_LENGTH } from './hmacBidderMask';

describe('hmacBidderMask', () => {
  it('gives the ids of maskBidderId when handed the same HMAC as a plain Uint8Array', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (secret, auctionId, bidderId) => {
        const mask = hmacBidderMask(
          (message) => new Uint8Array(createHmac('sha256', secret).update(message).digest()),
        );
        const id = mask(auctionId, bidderId);
        expect(id).toHaveLength(MASKED_ID_LENGTH);
        expect(id).toBe(maskBidderId(secret)(auctionId, bidderId));
      }),
    );
  });

  it('reads the first 40 bits of the digest, big-endian, as 8 base32 digits', () => {
    const digest = (bytes: number[]) => () => Uint8Array.from([...bytes, 0xff, 0xff]);
    expect(hmacBidderMask(digest([0, 0, 0, 0, 0]))('a', 'b')).toBe('aaaaaaaa');
    expect(hmacBidderMask(digest([0, 0, 0, 0, 1]))('a', 'b')).toBe('aaaaaaab');
    expect(hmacBidderMask(digest([0xff, 0xff, 0xff, 0xff, 0xff]))('a', 'b')).toBe('77777777');
    expect(hmacBidderMask(digest([0x80, 0, 0, 0, 0]))('a', 'b')).toBe('qaaaaaaa');
  });

  it('hashes the auction id length-prefixed before the bidder id', () => {
    const messages: string[] = [];
    const mask = hmacBidderMask((message) => {
      messages.push(message);
      return new Uint8Array(5);
    });
    mask('ab', 'c');
    mask('a', 'bc');
    expect(messages).toEqual(['2:ab:c', '1:a:bc']);
  });
});
