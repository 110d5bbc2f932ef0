import { describe, expect, it } from 'vitest';
import { relayAudienceOf } from './relayAudience';

const invalid = (message: string): Error => new RangeError(message);
const mask = (auctionId: string, bidderId: string): string => `${auctionId}/${bidderId.length}`;

describe('relayAudienceOf', () => {
  it('defaults to the internal audience, which takes no mask', () => {
    expect(relayAudienceOf({}, invalid)).toEqual({ audience: 'internal', mask: undefined });
    expect(relayAudienceOf({ audience: 'internal', mask }, invalid)).toEqual({
      audience: 'internal',
      mask: undefined,
    });
  });

  it('gives the public audience its mask', () => {
    expect(relayAudienceOf({ audience: 'public', mask }, invalid)).toEqual({ audience: 'public', mask });
  });

  it.each([
    [{ audience: 'everyone' }, /^audience must be 'internal' or 'public'$/],
    [{ audience: 'public' }, /^mask must be a function/],
    [{ audience: 'public', mask: 'secret' }, /^mask must be a function/],
  ])('refuses %j with the relay’s own error', (options, message) => {
    expect(() => relayAudienceOf(options, invalid)).toThrow(RangeError);
    expect(() => relayAudienceOf(options, invalid)).toThrow(message);
  });
});
