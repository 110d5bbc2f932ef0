import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../options/invalidOptionsError';
import { relayAudienceOf } from './relayAudience';

const mask = (auctionId: string, bidderId: string): string => `${auctionId}/${bidderId.length}`;

describe('relayAudienceOf', () => {
  it('defaults to the internal audience, which takes no mask', () => {
    expect(relayAudienceOf({}, 'createRelay')).toEqual({ audience: 'internal', mask: undefined });
    expect(relayAudienceOf({ audience: 'internal', mask }, 'createRelay')).toEqual({
      audience: 'internal',
      mask: undefined,
    });
  });

  it('gives the public audience its mask', () => {
    expect(relayAudienceOf({ audience: 'public', mask }, 'createRelay')).toEqual({
      audience: 'public',
      mask,
    });
  });

  it.each([
    [{ audience: 'everyone' }, 'audience', /^createRelay: audience must be 'internal' or 'public'$/],
    [{ audience: 'public' }, 'mask', /^createRelay: mask must be a function/],
    [{ audience: 'public', mask: 'secret' }, 'mask', /^createRelay: mask must be a function/],
  ])('refuses %j with an InvalidOptionsError naming the option', (options, path, message) => {
    let thrown: unknown;
    try {
      relayAudienceOf(options, 'createRelay');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionsError);
    expect(thrown).toMatchObject({ code: 'INVALID_OPTIONS', path });
    expect((thrown as Error).message).toMatch(message);
  });
});
