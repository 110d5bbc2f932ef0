import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASKED_ID_LENGTH } from '../projection/hmacBidderMask';
import { maskBidderId } from './maskBidderId';

describe('maskBidderId', () => {
  it('is short, readable base32, stable per bidder and auction', () => {
    const mask = maskBidderId('s3cret');
    const id = mask('lot-1', 'alice');
    expect(id).toMatch(/^[a-z2-7]{8}$/);
    expect(id).toHaveLength(MASKED_ID_LENGTH);
    expect(mask('lot-1', 'alice')).toBe(id);
    expect(maskBidderId('s3cret')('lot-1', 'alice')).toBe(id);
  });

  it('differs across auctions, bidders and secrets, and never shows the raw id', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (auctionId, bidderId, other) => {
        const mask = maskBidderId('s3cret');
        const id = mask(auctionId, bidderId);
        expect(id).toMatch(/^[a-z2-7]{8}$/);
        if (bidderId.length >= MASKED_ID_LENGTH) expect(id).not.toContain(bidderId);
        if (other !== auctionId) expect(mask(other, bidderId)).not.toBe(id);
        if (other !== bidderId) expect(mask(auctionId, other)).not.toBe(id);
        expect(maskBidderId('another secret')(auctionId, bidderId)).not.toBe(id);
      }),
    );
  });

  it('does not confuse where the auction id ends and the bidder id begins', () => {
    const mask = maskBidderId('k');
    expect(mask('ab', 'c')).not.toBe(mask('a', 'bc'));
  });

  it('is the documented HMAC: a known vector', async () => {
    const { createHmac } = await import('node:crypto');
    const digest = createHmac('sha256', 'k').update('3:lot:bob').digest();
    const bits = (digest[0] as number) * 2 ** 32 + digest.readUInt32BE(1);
    const expected = bits.toString(32).padStart(8, '0');
    // Node's toString(32) uses 0-9a-v; map it to the RFC 4648 alphabet.
    const rfc = [...expected].map((c) => 'abcdefghijklmnopqrstuvwxyz234567'[parseInt(c, 32)]).join('');
    expect(maskBidderId('k')('lot', 'bob')).toBe(rfc);
  });

  it.each([
    ['k', 'lot', 'bob', 'tahk3if4'],
    ['s3cret', 'lot-1', 'alice', 'g7wfmoy3'],
    ['feed-secret', 'camera-17', 'bob', 'rgu6uq3y'],
    ['s', 'a', 'b', 'qnsl5li7'],
    ['another secret', '', '', 'gs2lj6rx'],
    ['GAVEL', 'auction-é', 'bidder-😀', 'keldpn5t'],
  ])(
    'keeps the masked ids already published: %s masks (%s, %s) as %s',
    (secret, auctionId, bidderId, masked) => {
      expect(maskBidderId(secret)(auctionId, bidderId)).toBe(masked);
    },
  );

  it('rejects an empty secret', () => {
    expect(() => maskBidderId('')).toThrow(TypeError);
    expect(() => maskBidderId(undefined as unknown as string)).toThrow(/secret/);
  });
});
