// What a public message may hold, for the tests that check that no secret leaks: the decider's, the
// projection's and the relays'. Shared by relative path, as the tests of other packages import it.

/** The keys of a public view (`publicView`): none of them can carry a maximum, a floor or the reserve. */
export const PUBLIC_VIEW_KEYS: ReadonlySet<string> = new Set([
  'auctionId',
  'status',
  'currency',
  'price',
  'leaderId',
  'minimumNextBid',
  'bidCount',
  'reserveMet',
  'startsAt',
  'endsAt',
  'buyNowPrice',
  'outcome',
]);

/**
 * The keys a public change (the feed's `change` frame, a public relay's message) may hold at any depth:
 * the view's, the outcome's and the history entry's (`beaten`: the offer a proxy answered, a masked
 * bidder and an amount never above the price).
 */
export const PUBLIC_CHANGE_KEYS: ReadonlySet<string> = new Set([
  ...PUBLIC_VIEW_KEYS,
  'version',
  'at',
  'view',
  'entry',
  'winnerId',
  'reason',
  'kind',
  'bidder',
  'automatic',
  'beaten',
  'amount',
]);

/** Calls `visit` with every key of `value` and its value, at any depth (objects and arrays). */
export const walkKeys = (value: unknown, visit: (key: string, inner: unknown) => void): void => {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    visit(key, inner);
    walkKeys(inner, visit);
  }
};
