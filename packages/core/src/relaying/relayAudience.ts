import { InvalidOptionsError } from '../options/invalidOptionsError';
import type { BidderMask } from '../projection/bidderMask';

/** Who a relay publishes for, checked: every event as recorded (`'internal'`), or the public changes, masked. */
export interface RelayAudience {
  readonly audience: 'internal' | 'public';
  /** The masking of bidder ids: a function for the `'public'` audience, `undefined` for the internal one. */
  readonly mask: BidderMask | undefined;
}

/**
 * Checks a relay's `audience` (default `'internal'`) and, for the `'public'` one, its `mask`: the same
 * rule for every relay (NATS, RabbitMQ).
 *
 * @param options - the relay's options, as a JavaScript caller may pass them
 * @param caller - the factory whose options these are, to start the error's message with (`'createNatsRelay'`); none by default
 * @returns the audience, and the mask when it is `'public'` (a mask given to an internal relay is ignored)
 * @throws {@link InvalidOptionsError} naming the bad option (`audience` or `mask`)
 */
export const relayAudienceOf = (
  options: { readonly audience?: unknown; readonly mask?: unknown },
  caller?: string,
): RelayAudience => {
  const from = caller === undefined ? '' : `${caller}: `;
  const audience = options.audience ?? 'internal';
  if (audience !== 'internal' && audience !== 'public')
    throw new InvalidOptionsError('audience', `${from}audience must be 'internal' or 'public'`);
  if (audience === 'internal') return { audience, mask: undefined };
  if (typeof options.mask !== 'function')
    throw new InvalidOptionsError(
      'mask',
      `${from}mask must be a function (auctionId, bidderId) => masked id with audience 'public'`,
    );
  return { audience, mask: options.mask as BidderMask };
};
